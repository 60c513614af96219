namespace RabatPlatform.Seed;

/// <summary>The words of the seeds (themes, places, kinds), in French and English, for synthetic items.</summary>
public static class Vocabulary
{
    public sealed record Theme(string Code, string Fr, string En);

    public sealed record Place(string CityFr, string CityEn, string Country, string TimeZone);

    public sealed record Kind(string Code, string Fr, string En);

    public static readonly Theme[] Themes =
    [
        new("border-management", "la gestion des frontières", "border management"),
        new("smuggling", "la lutte contre le trafic de migrants", "the fight against migrant smuggling"),
        new("trafficking", "la lutte contre la traite des êtres humains", "the fight against trafficking in human beings"),
        new("diaspora", "l'engagement des diasporas", "diaspora engagement"),
        new("remittances", "les transferts de fonds des diasporas", "diaspora remittances"),
        new("return-reintegration", "le retour volontaire et la réintégration", "voluntary return and reintegration"),
        new("legal-migration", "la migration légale et la mobilité", "legal migration and mobility"),
        new("asylum-protection", "la protection internationale et l'asile", "international protection and asylum"),
        new("unaccompanied-minors", "la protection des mineurs non accompagnés", "the protection of unaccompanied minors"),
        new("local-authorities", "le rôle des autorités locales", "the role of local authorities"),
        new("youth", "la jeunesse et la migration", "youth and migration"),
        new("women", "les femmes migrantes", "migrant women"),
        new("data", "les données sur les migrations", "migration data"),
        new("climate", "le changement climatique et la migration", "climate change and migration"),
    ];

    public static readonly Place[] Places =
    [
        new("Madrid", "Madrid", "ES", "Europe/Madrid"), new("Marrakech", "Marrakesh", "MA", "Africa/Casablanca"),
        new("Rabat", "Rabat", "MA", "Africa/Casablanca"), new("Bruxelles", "Brussels", "BE", "Europe/Brussels"),
        new("Dakar", "Dakar", "SN", "Africa/Dakar"), new("Abidjan", "Abidjan", "CI", "Africa/Abidjan"),
        new("Abuja", "Abuja", "NG", "Africa/Lagos"), new("Paris", "Paris", "FR", "Europe/Paris"),
        new("Genève", "Geneva", "CH", "Europe/Zurich"), new("Bamako", "Bamako", "ML", "Africa/Bamako"),
        new("Nouakchott", "Nouakchott", "MR", "Africa/Nouakchott"), new("Cadix", "Cadiz", "ES", "Europe/Madrid"),
    ];

    public static readonly Kind[] MeetingKinds =
    [
        new("thematic-meeting", "Réunion thématique", "Thematic meeting"),
        new("technical-workshop", "Atelier technique", "Technical workshop"),
        new("round-table", "Table ronde", "Round table"),
        new("webinar", "Webinaire", "Webinar"),
        new("training", "Formation", "Training"),
        new("senior-officials-meeting", "Réunion des Fonctionnaires de Haut Niveau", "Senior Officials' Meeting"),
        new("steering-committee", "Comité de Pilotage", "Steering Committee"),
    ];

    public static readonly Kind[] PublicationTypes =
    [
        new("report", "Rapport", "Report"), new("study", "Étude", "Study"), new("bulletin", "Bulletin d'information", "Newsletter"),
        new("policy-brief", "Note de synthèse", "Policy brief"), new("technical-recommendations", "Recommandations techniques", "Technical recommendations"),
        new("compendium", "Recueil de pratiques", "Compendium of practices"), new("guide", "Guide de bonnes pratiques", "Good practice guide"),
        new("final-document", "Document final", "Final document"), new("background-paper", "Document contextuel", "Background paper"),
    ];

    /// <summary>News headline templates: {0} theme, {1} city.</summary>
    public static readonly (string Fr, string En)[] NewsTemplates =
    [
        ("Les partenaires du Processus de Rabat se réunissent à {1} sur {0}", "Rabat Process partners meet in {1} on {0}"),
        ("Retour sur l'atelier de {1} consacré à {0}", "Looking back at the {1} workshop on {0}"),
        ("Nouvelle publication sur {0}", "New publication on {0}"),
        ("Inscriptions ouvertes : réunion de {1} sur {0}", "Registration open: {1} meeting on {0}"),
        ("Le Comité de Pilotage fait le point sur {0}", "The Steering Committee takes stock of {0}"),
        ("Échange de bonnes pratiques sur {0} à {1}", "Exchange of good practices on {0} in {1}"),
    ];

    public static readonly string[] Languages = ["fr", "en"];

    /// <summary>A URL slug: lower-case ASCII letters and digits separated by hyphens.</summary>
    public static string Slug(string text, int max = 180)
    {
        var ascii = MiniPdf.Ascii(text).ToLowerInvariant();
        var sb = new System.Text.StringBuilder();
        foreach (var c in ascii)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length > max ? slug[..max].TrimEnd('-') : slug;
    }
}
