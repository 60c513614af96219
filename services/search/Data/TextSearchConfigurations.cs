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

    public const string DropSql = """
        DROP TEXT SEARCH CONFIGURATION IF EXISTS rabat_fr;
        DROP TEXT SEARCH CONFIGURATION IF EXISTS rabat_en;
        """;
}
