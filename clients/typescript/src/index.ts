// A typed client for the RabatPlatform gateway: one openapi-fetch client per service, typed by the
// paths generated from that service's OpenAPI document (src/generated/<service>.ts, from clients/openapi/).
// Every service is reached through the one gateway URL; the paths are the gateway's (/api/content/...).
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths as ContentPaths, components as ContentComponents } from "./generated/content.js";
import type { paths as MeetingsPaths, components as MeetingsComponents } from "./generated/meetings.js";
import type { paths as PublicationsPaths, components as PublicationsComponents } from "./generated/publications.js";
import type { paths as SubscriptionsPaths, components as SubscriptionsComponents } from "./generated/subscriptions.js";
import type { paths as SearchPaths, components as SearchComponents } from "./generated/search.js";

export type {
  ContentPaths, ContentComponents, MeetingsPaths, MeetingsComponents, PublicationsPaths, PublicationsComponents,
  SubscriptionsPaths, SubscriptionsComponents, SearchPaths, SearchComponents,
};

/** The two languages of every public text. */
export type Language = "fr" | "en";

export interface RabatClientOptions {
  /** The gateway, e.g. http://localhost:8080 (a browser app on the same origin may pass its own origin). */
  baseUrl: string;
  /** A bearer token, or a function giving the current one (called on every request; none: anonymous). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Sent as Accept-Language when a request names no language of its own (`?lang=` wins at the gateway). */
  language?: Language;
  /** A fetch of your own (tests, server-side rendering); the global fetch otherwise. */
  fetch?: typeof globalThis.fetch;
}

/** One typed client per service, all through the gateway. */
export interface RabatClient {
  content: Client<ContentPaths>;
  meetings: Client<MeetingsPaths>;
  publications: Client<PublicationsPaths>;
  subscriptions: Client<SubscriptionsPaths>;
  search: Client<SearchPaths>;
}

export function createRabatClient(options: RabatClientOptions): RabatClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const headers: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === "function" ? await options.token() : options.token;
      if (token && !request.headers.has("Authorization")) {
        request.headers.set("Authorization", `Bearer ${token}`);
      }
      if (options.language && !request.headers.has("Accept-Language")) {
        request.headers.set("Accept-Language", options.language);
      }
      return request;
    },
  };
  function make<Paths extends {}>(): Client<Paths> {
    const client = createClient<Paths>({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
    client.use(headers);
    return client;
  }
  return {
    content: make<ContentPaths>(),
    meetings: make<MeetingsPaths>(),
    publications: make<PublicationsPaths>(),
    subscriptions: make<SubscriptionsPaths>(),
    search: make<SearchPaths>(),
  };
}

/** An answer that was not a success: its status and the platform's problem details (RFC 9457), bilingual titles resolved. */
export class RabatApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
    what: string,
  ) {
    super(`${what}: ${status} ${RabatApiError.describe(problem)}`);
    this.name = "RabatApiError";
  }

  private static describe(problem: unknown): string {
    if (problem && typeof problem === "object") {
      const p = problem as { title?: unknown; detail?: unknown };
      return [p.title, p.detail].filter((s) => typeof s === "string").join(": ");
    }
    return typeof problem === "string" ? problem.slice(0, 300) : "";
  }
}

/** The data of a successful openapi-fetch answer; a RabatApiError otherwise. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (!result.response.ok || result.data === undefined) {
    throw new RabatApiError(result.response.status, result.error, what);
  }
  return result.data;
}

/**
 * A Development token from the gateway (`POST /api/auth/dev-token`; Development only, outside the services'
 * documents): for local runs, tests and demos. Production front ends get theirs from the identity provider.
 */
export async function devToken(baseUrl: string, role: string, partnerId?: string, fetchImpl: typeof globalThis.fetch = globalThis.fetch): Promise<string> {
  const response = await fetchImpl(`${baseUrl.replace(/\/+$/, "")}/api/auth/dev-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(partnerId ? { role, partnerId } : { role }),
  });
  const body = (await response.json().catch(() => undefined)) as { accessToken?: string } | undefined;
  if (!response.ok || !body?.accessToken) {
    throw new RabatApiError(response.status, body, "POST /api/auth/dev-token");
  }
  return body.accessToken;
}
