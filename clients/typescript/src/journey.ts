// A visitor's and the Secretariat's journey through the gateway with the typed client, run against a
// running platform:  node dist/journey.js  with RABAT_GATEWAY_URL (default http://127.0.0.1:8080) and
// RABAT_TOKEN (a secretariat token; without it, a Development token is asked for).
// Run by tests/RabatPlatform.AppHost.Tests (TypeScriptClientJourneyTests) against the platform the
// AppHost started; prints one line per step and ends with "journey: N passed, 0 failed".
import { createRabatClient, devToken, ok, type Language } from "./index.js";

const baseUrl = process.env.RABAT_GATEWAY_URL ?? "http://127.0.0.1:8080";
const token = process.env.RABAT_TOKEN || (await devToken(baseUrl, "secretariat"));
const secretariat = createRabatClient({ baseUrl, token });
const visitor = createRabatClient({ baseUrl });
const marker = Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
const titles: Record<Language, string> = { fr: `Dialogue migratoire ${marker}`, en: `Migration dialogue ${marker}` };
let passed = 0;

async function step(name: string, run: () => Promise<string>): Promise<void> {
  const detail = await run();
  passed++;
  console.log(`journey: ${name}: ok${detail ? ` (${detail})` : ""}`);
}

/** A text field of an answer: today's documents type many strings loosely (unknown). */
function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

try {
  // 1. The Secretariat writes: a bilingual news item, then publishes it.
  let id = "";
  await step("secretariat creates and publishes a news item", async () => {
    const translation = (language: Language) =>
      ({ title: titles[language], summary: `Rabat ${marker}`, body: null, slug: null, format: null, status: null });
    const created = ok(await secretariat.content.POST("/api/content/news", {
      body: { translations: { fr: translation("fr"), en: translation("en") }, tags: ["border-management"], format: null, publishAt: null, unpublishAt: null },
    }), "POST /api/content/news");
    id = created.id;
    const published = ok(await secretariat.content.POST("/api/content/news/{id}/publish", {
      params: { path: { id } },
      body: { publishedAt: null },
    }), "POST /api/content/news/{id}/publish");
    return `${id}, ${text(published.status)}`;
  });

  // 2. A visitor lists the news in French and in English and finds it in each language.
  const slugs: Partial<Record<Language, string>> = {};
  for (const language of ["fr", "en"] as const) {
    await step(`visitor lists the news in ${language}`, async () => {
      const list = ok(await visitor.content.GET("/api/content/news", {
        params: { query: { pageSize: 50 } },
        headers: { "Accept-Language": language },
      }), "GET /api/content/news");
      // The public list answers public views (title, slug in the asked language); the document describes
      // the Secretariat's view only (two typed results, one documented): read the fields as found.
      const items = list.items as unknown as Array<Record<string, unknown>>;
      const item = items.find((i) => i.id === id);
      check(item !== undefined, `the published item ${id} is not in the ${language} list (${items.length} items)`);
      check(text(item!.title) === titles[language], `the ${language} list gives the title ${text(item!.title)}`);
      slugs[language] = text(item!.slug);
      return `${list.total} items, slug ${slugs[language]}`;
    });
  }

  // 3. A visitor reads it by its English slug (the answer's language is the request's, as everywhere).
  await step("visitor reads the news item by slug", async () => {
    const answer = ok(await visitor.content.GET("/api/content/news/by-slug/{slug}", {
      params: { path: { slug: slugs.en! } },
      headers: { "Accept-Language": "en" },
    }), "GET /api/content/news/by-slug/{slug}");
    // As for the list: a visitor gets the public view, the document describes the Secretariat's.
    const news = answer as unknown as Record<string, unknown>;
    check(text(news.title) === titles.en, `the item read by slug has the title ${text(news.title)}`);
    return text(news.slug);
  });

  // 4. The search finds it (the index follows the news.published event).
  await step("visitor finds it with the search", async () => {
    const hit = await until("the search finds the item", 60, async () => {
      const results = ok(await visitor.search.GET("/api/search", {
        params: { query: { q: marker } },
        headers: { "Accept-Language": "fr" },
      }), "GET /api/search");
      return results.items.find((i) => i.id === id || text(i.title).includes(marker));
    });
    return `${text(hit.type)} ${text(hit.slug)}`;
  });

  // 5. A visitor lists the meetings.
  await step("visitor lists the meetings", async () => {
    const meetings = ok(await visitor.meetings.GET("/api/meetings", { params: { query: { upcoming: "true" } } }), "GET /api/meetings");
    check(Array.isArray(meetings.items), "the meetings list has no items array");
    return `${meetings.total} upcoming`;
  });

  // 6. A visitor subscribes to the newsletter (a confirmation mail follows).
  await step("visitor subscribes to the newsletter", async () => {
    const { data, response } = await visitor.subscriptions.POST("/api/subscriptions/newsletter", {
      body: { email: `reader-${marker}@example.org`, language: "fr", topics: null },
    });
    check(response.status === 202, `POST /api/subscriptions/newsletter answered ${response.status}`);
    return JSON.stringify(data);
  });

  console.log(`journey: ${passed} passed, 0 failed`);
} catch (error) {
  console.error(`journey: failed after ${passed} step(s): ${error instanceof Error ? error.message : String(error)}`);
  console.log(`journey: ${passed} passed, 1 failed`);
  process.exitCode = 1;
}
