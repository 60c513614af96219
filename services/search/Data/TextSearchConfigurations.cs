namespace RabatPlatform.Search.Data;

/// <summary>
/// The index's two text search configurations: French and English stemming after <c>unaccent</c>, so
/// "frontieres" finds "frontières" and "reunion" finds "réunion". Created by the first migration.
/// </summary>
public static class TextSearchConfigurations
{
    public const string French = "rabat_fr";
    public const string English = "rabat_en";

    public const string CreateSql = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'rabat_fr') THEN
                CREATE TEXT SEARCH CONFIGURATION rabat_fr (COPY = pg_catalog.french);
                ALTER TEXT SEARCH CONFIGURATION rabat_fr
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'rabat_en') THEN
                CREATE TEXT SEARCH CONFIGURATION rabat_en (COPY = pg_catalog.english);
                ALTER TEXT SEARCH CONFIGURATION rabat_en
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
            END IF;
        END $$;
        """;

    /// <summary>
    /// French elisions (l', d', qu', jusqu'…) are cut before French text is indexed, so "l'Afrique"
    /// is indexed and found as "Afrique". Queries get the same treatment (<see cref="Elisions"/>).
    /// </summary>
    public const string CreateElisionFunctionSql = """
        CREATE OR REPLACE FUNCTION rabat_strip_elisions(input text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN
        regexp_replace(coalesce(input, ''), '\m(jusqu|lorsqu|puisqu|quoiqu|qu|l|d|j|m|n|s|t|c)[''’]', '', 'gi');
        """;

    public const string DropElisionFunctionSql = "DROP FUNCTION IF EXISTS rabat_strip_elisions(text);";

    /// <summary>
    /// The index condition of a query: a phrase (<c>a &lt;-&gt; b</c>, <c>a &lt;2&gt; b</c>) becomes the conjunction of
    /// its words, which the GIN index answers exactly, without reading the document's vector from TOAST; the
    /// phrase itself is then checked on the matches (first on the in-row title and summary vector). Any other
    /// query, and any query with a negation (which the conjunction would not imply), is returned unchanged,
    /// as is a query whose text the replacement would not parse back.
    /// </summary>
    public const string CreateIndexQueryFunctionSql = """
        CREATE OR REPLACE FUNCTION rabat_index_query(phrase tsquery) RETURNS tsquery
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
        BEGIN
            IF strpos(phrase::text, '<') = 0 OR strpos(phrase::text, '!') > 0 THEN
                RETURN phrase;
            END IF;
            RETURN regexp_replace(phrase::text, '<[0-9]+>|<->', '&', 'g')::tsquery;
        EXCEPTION WHEN OTHERS THEN
            RETURN phrase;
        END $$;
        """;

    public const string DropIndexQueryFunctionSql = "DROP FUNCTION IF EXISTS rabat_index_query(tsquery);";

    /// <summary>The document's weighted vector: title (A) › summary (B) › body (C), in its text's language.</summary>
    public const string SearchVectorSql = """
        CASE WHEN text_language = 'en' THEN
            setweight(to_tsvector('rabat_en'::regconfig, coalesce(title, '')), 'A') ||
            setweight(to_tsvector('rabat_en'::regconfig, coalesce(summary, '')), 'B') ||
            setweight(to_tsvector('rabat_en'::regconfig, coalesce(body, '')), 'C')
        ELSE
            setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title)), 'A') ||
            setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(summary)), 'B') ||
            setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(body)), 'C')
        END
        """;

    /// <summary>Title (A) › summary (B): the small in-row vector <c>ts_rank_cd</c> ranks on.</summary>
    public const string RankVectorSql = """
        CASE WHEN text_language = 'en' THEN
            setweight(to_tsvector('rabat_en'::regconfig, coalesce(title, '')), 'A') ||
            setweight(to_tsvector('rabat_en'::regconfig, coalesce(summary, '')), 'B')
        ELSE
            setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title)), 'A') ||
            setweight(to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(summary)), 'B')
        END
        """;

    /// <summary>The title alone, unweighted (a weight in a query would force a recheck of every candidate).</summary>
    public const string TitleVectorSql = """
        CASE WHEN text_language = 'en' THEN to_tsvector('rabat_en'::regconfig, coalesce(title, ''))
        ELSE to_tsvector('rabat_fr'::regconfig, rabat_strip_elisions(title))
        END
        """;

    public const string DropSql = """
        DROP TEXT SEARCH CONFIGURATION IF EXISTS rabat_fr;
        DROP TEXT SEARCH CONFIGURATION IF EXISTS rabat_en;
        """;
}
