using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Frameworks;

/// <summary>One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (GCM / PMM).</summary>
public sealed record GcmObjective(int Number, string ShortFr, string ShortEn, string TitleFr, string TitleEn)
{
    public string Short(string language) => language == Languages.English ? ShortEn : ShortFr;

    public string Title(string language) => language == Languages.English ? TitleEn : TitleFr;
}

/// <summary>
/// The GCM's 23 objectives (UN General Assembly resolution 73/195): full titles as adopted, in French
/// as the Rabat Process's 2022 alignment paper quotes them; short titles as that paper labels them.
/// </summary>
public static class GcmObjectives
{
    public const int Count = 23;

    public static readonly IReadOnlyList<GcmObjective> All =
    [
        new(1, "Données", "Data",
            "Collecter et utiliser des données précises et ventilées qui serviront à l'élaboration de politiques fondées sur la connaissance des faits",
            "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"),
        new(2, "Réduire les facteurs négatifs", "Minimize adverse drivers",
            "Lutter contre les facteurs négatifs et les problèmes structurels qui poussent des personnes à quitter leur pays d'origine",
            "Minimize the adverse drivers and structural factors that compel people to leave their country of origin"),
        new(3, "Information", "Information",
            "Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration",
            "Provide accurate and timely information at all stages of migration"),
        new(4, "Identité légale", "Legal identity",
            "Munir tous les migrants d'une preuve d'identité légale et de papiers adéquats",
            "Ensure that all migrants have proof of legal identity and adequate documentation"),
        new(5, "Filières de migration régulière", "Regular pathways",
            "Faire en sorte que les filières de migration régulière soient accessibles et plus souples",
            "Enhance availability and flexibility of pathways for regular migration"),
        new(6, "Recrutement équitable et travail décent", "Fair recruitment and decent work",
            "Favoriser des pratiques de recrutement justes et éthiques et assurer les conditions d'un travail décent",
            "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"),
        new(7, "Réduire la vulnérabilité", "Reduce vulnerabilities",
            "S'attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire",
            "Address and reduce vulnerabilities in migration"),
        new(8, "Sauver des vies", "Save lives",
            "Sauver des vies et mettre en place une action internationale coordonnée pour retrouver les migrants disparus",
            "Save lives and establish coordinated international efforts on missing migrants"),
        new(9, "Combattre le trafic de migrants", "Counter smuggling",
            "Renforcer l'action transnationale face au trafic de migrants",
            "Strengthen the transnational response to smuggling of migrants"),
        new(10, "Éradiquer la traite de personnes", "Eradicate trafficking",
            "Prévenir, combattre et éliminer la traite de personnes dans le cadre des migrations internationales",
            "Prevent, combat and eradicate trafficking in persons in the context of international migration"),
        new(11, "Gérer les frontières", "Manage borders",
            "Gérer les frontières de manière intégrée, sûre et coordonnée",
            "Manage borders in an integrated, secure and coordinated manner"),
        new(12, "Procédures de migration", "Migration procedures",
            "Veiller à l'application de procédures de contrôle, d'évaluation et d'orientation appropriées, prévisibles et sûres",
            "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral"),
        new(13, "Alternatives à la rétention", "Alternatives to detention",
            "Ne recourir au placement en rétention administrative des migrants qu'en dernier ressort et chercher des solutions de rechange",
            "Use migration detention only as a measure of last resort and work towards alternatives"),
        new(14, "Protection consulaire", "Consular protection",
            "Renforcer la protection, l'assistance et la coopération consulaires tout au long du cycle migratoire",
            "Enhance consular protection, assistance and cooperation throughout the migration cycle"),
        new(15, "Services de base", "Basic services",
            "Assurer l'accès des migrants aux services de base",
            "Provide access to basic services for migrants"),
        new(16, "Intégration et cohésion sociale", "Inclusion and social cohesion",
            "Donner aux migrants et aux sociétés des moyens en faveur de la pleine intégration et de la cohésion sociale",
            "Empower migrants and societies to realize full inclusion and social cohesion"),
        new(17, "Éliminer la discrimination", "Eliminate discrimination",
            "Éliminer toutes les formes de discrimination et encourager un débat public fondé sur l'analyse des faits afin de faire évoluer la manière dont les migrations sont perçues",
            "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration"),
        new(18, "Perfectionnement et reconnaissance des qualifications", "Skills development and recognition",
            "Investir dans le perfectionnement des compétences et faciliter la reconnaissance mutuelle des aptitudes, qualifications et compétences",
            "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences"),
        new(19, "Contribution des migrants et diaspora", "Migrant and diaspora contributions",
            "Créer les conditions permettant aux migrants et aux diasporas de contribuer pleinement au développement durable dans tous les pays",
            "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries"),
        new(20, "Envois de fonds", "Remittances",
            "Rendre les envois de fonds plus rapides, plus sûrs et moins coûteux et favoriser l'inclusion financière des migrants",
            "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"),
        new(21, "Retour digne et réintégration durable", "Dignified return and sustainable reintegration",
            "Coopérer en vue de faciliter le retour et la réadmission des migrants en toute sécurité et dignité, ainsi que leur réintégration durable",
            "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration"),
        new(22, "Portabilité des droits sociaux", "Portability of social security",
            "Mettre en place des mécanismes de portabilité des droits de sécurité sociale et des avantages acquis",
            "Establish mechanisms for the portability of social security entitlements and earned benefits"),
        new(23, "Coopération internationale", "International cooperation",
            "Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, ordonnées et régulières",
            "Strengthen international cooperation and global partnerships for safe, orderly and regular migration"),
    ];

    public static GcmObjective? Find(int number) => number is >= 1 and <= Count ? All[number - 1] : null;

    /// <summary>The objective a news/page tag names (<c>gcm-11</c> → 11), if any.</summary>
    public static int? FromTag(string tag) => GcmTags.Objective(tag);
}
