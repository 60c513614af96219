using System.Globalization;
using System.Text;

namespace RabatPlatform.Bench;

/// <summary>One language's text of a synthetic item.</summary>
public sealed record CorpusText(string Title, string Slug, string Summary, string Body);

/// <summary>
/// A synthetic public item as the search service indexes it: type, id, date, themes, countries and its
/// texts (both languages, or one only for about 10% of the items).
/// </summary>
public sealed record CorpusItem(
    string ItemType,
    Guid ItemId,
    DateTimeOffset Date,
    string[] Themes,
    string[] Countries,
    IReadOnlyDictionary<string, CorpusText> Texts);

/// <summary>
/// A deterministic generator of bilingual items in the vocabulary of the Rabat Process: every item is
/// built from its own seed (<c>seed</c>, index), so the corpus does not depend on how it is loaded.
/// French and English texts are translations of each other (same template, same topic, same
/// country); French text has accents and elisions (l'Afrique, d'origine, qu'elles…).
/// </summary>
public static class Corpus
{
    private static readonly DateTimeOffset First = new(2006, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Last = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] FrMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>Topics: the noun phrase (French with its article), the theme, a weight, and sentences of their own.</summary>
    private static readonly Topic[] Topics =
    [
        new("la gestion des frontières", "border management", "border-management", 10,
        [
            ("Les agents des frontières ont été formés à l'utilisation des systèmes d'information sur les passagers.",
             "Border officials were trained to use passenger information systems."),
            ("La gestion intégrée des frontières suppose une coopération étroite entre les services de police, de douane et d'immigration.",
             "Integrated border management requires close cooperation between police, customs and immigration services."),
            ("Des postes frontières communs ont été ouverts le long des corridors commerciaux {Rin}.",
             "Joint border posts have been opened along the trade corridors {Rin}."),
        ]),
        new("la diaspora et le développement", "diaspora and development", "diaspora", 8,
        [
            ("Les associations de la diaspora financent des écoles, des centres de santé et des projets agricoles dans leurs régions d'origine.",
             "Diaspora associations fund schools, health centres and farming projects in their home regions."),
            ("Un forum des investisseurs de la diaspora s'est tenu à {V} avec des entrepreneurs venus de toute l'Europe.",
             "A diaspora investors' forum was held in {V} with entrepreneurs from all over Europe."),
            ("La mobilisation des compétences de la diaspora contribue au développement local.",
             "Mobilising the skills of the diaspora contributes to local development."),
        ]),
        new("le retour et la réintégration", "return and reintegration", "return-reintegration", 8,
        [
            ("Les migrants de retour bénéficient d'un accompagnement psychosocial et d'une aide à la création d'entreprise.",
             "Returning migrants receive psychosocial support and help to start a business."),
            ("Le retour volontaire reste privilégié par rapport au retour forcé.",
             "Voluntary return remains preferred to forced return."),
            ("La réadmission et la réintégration font l'objet d'un dialogue régulier entre les pays concernés.",
             "Readmission and reintegration are the subject of a regular dialogue between the countries concerned."),
        ]),
        new("la migration légale", "legal migration", "legal-migration", 7,
        [
            ("Des partenariats pour les talents facilitent la mobilité des étudiants et des travailleurs qualifiés.",
             "Talent partnerships facilitate the mobility of students and skilled workers."),
            ("La délivrance de visas de travail saisonnier a été simplifiée {Cin}.",
             "The issuing of seasonal work visas has been simplified {Cin}."),
            ("La reconnaissance des diplômes et des qualifications professionnelles reste un obstacle à la migration légale.",
             "The recognition of diplomas and professional qualifications remains an obstacle to legal migration."),
        ]),
        new("la lutte contre la traite des êtres humains", "combating trafficking in human beings", "trafficking", 6,
        [
            ("Les victimes de la traite des êtres humains doivent être identifiées, protégées et accompagnées.",
             "Victims of trafficking in human beings must be identified, protected and assisted."),
            ("Les réseaux de traite exploitent en particulier les femmes et les enfants.",
             "Trafficking networks exploit women and children in particular."),
            ("Des enquêtes conjointes ont permis de démanteler plusieurs réseaux criminels {Rin}.",
             "Joint investigations have dismantled several criminal networks {Rin}."),
        ]),
        new("le trafic illicite de migrants", "migrant smuggling", "smuggling", 5,
        [
            ("Le trafic illicite de migrants met en danger la vie de milliers de personnes en mer et dans le désert.",
             "Migrant smuggling puts thousands of lives at risk at sea and in the desert."),
            ("Les passeurs adaptent sans cesse leurs itinéraires aux contrôles.",
             "Smugglers constantly adapt their routes to controls."),
            ("Des campagnes d'information sensibilisent les jeunes aux dangers de la migration irrégulière.",
             "Information campaigns raise young people's awareness of the dangers of irregular migration."),
        ]),
        new("la mobilité des jeunes", "youth mobility", "youth", 4,
        [
            ("Des programmes d'échange permettent à des jeunes {Cof} d'effectuer un stage en Europe.",
             "Exchange programmes allow young people of {C} to do an internship in Europe."),
            ("L'emploi des jeunes est au cœur des causes profondes de la migration.",
             "Youth employment lies at the heart of the root causes of migration."),
            ("Les bourses d'études favorisent une mobilité circulaire des étudiants.",
             "Scholarships encourage the circular mobility of students."),
        ]),
        new("la protection internationale", "international protection", "protection", 4,
        [
            ("Les demandeurs d'asile et les réfugiés doivent avoir accès à des procédures équitables.",
             "Asylum seekers and refugees must have access to fair procedures."),
            ("Le principe de non-refoulement a été réaffirmé par l'ensemble des partenaires.",
             "The principle of non-refoulement was reaffirmed by all partners."),
        ]),
        new("l'autonomisation des femmes migrantes", "the empowerment of migrant women", "gender", 3,
        [
            ("Les femmes migrantes sont plus exposées aux violences et à l'exploitation.",
             "Migrant women are more exposed to violence and exploitation."),
            ("Des coopératives de femmes ont bénéficié de microcrédits {Cin}.",
             "Women's cooperatives have received microcredit {Cin}."),
        ]),
        new("les transferts de fonds de la diaspora", "diaspora remittances", "diaspora", 3,
        [
            ("Le coût des transferts d'argent vers l'Afrique reste parmi les plus élevés au monde.",
             "The cost of sending money to Africa remains among the highest in the world."),
            ("Les services de paiement mobile réduisent le coût des transferts de fonds.",
             "Mobile payment services reduce the cost of remittances."),
            ("Les transferts de fonds de la diaspora représentent une part importante du revenu national {Cof}.",
             "Diaspora remittances account for a significant share of the national income of {C}."),
        ]),
        new("la migration de main-d'œuvre", "labour migration", "legal-migration", 3,
        [
            ("Des accords bilatéraux de main-d'œuvre encadrent le recrutement équitable des travailleurs migrants.",
             "Bilateral labour agreements govern the fair recruitment of migrant workers."),
            ("Les agences de recrutement doivent respecter les droits des travailleurs.",
             "Recruitment agencies must respect workers' rights."),
        ]),
        new("la réintégration durable des migrants de retour", "the sustainable reintegration of returning migrants", "return-reintegration", 3,
        [
            ("La réintégration durable repose sur l'emploi, le logement et l'acceptation par la communauté.",
             "Sustainable reintegration relies on employment, housing and acceptance by the community."),
            ("Les migrants de retour font l'objet d'un suivi pendant douze mois.",
             "Returning migrants are followed up for twelve months."),
            ("Plusieurs pays ont présenté leurs programmes d'aide au retour volontaire et à la réintégration des migrants.",
             "Several countries presented their assisted voluntary return and reintegration programmes for migrants."),
        ]),
        new("la coopération régionale en Afrique de l'Ouest", "regional cooperation in West Africa", "regional-cooperation", 3,
        [
            ("La CEDEAO et l'Union africaine participent aux travaux du dialogue.",
             "ECOWAS and the African Union take part in the work of the dialogue."),
            ("La libre circulation des personnes au sein de la CEDEAO facilite la mobilité régionale {Rin}.",
             "The free movement of people within ECOWAS facilitates regional mobility {Rin}."),
        ]),
        new("la gouvernance des migrations", "migration governance", "governance", 3,
        [
            ("Plusieurs pays ont adopté une politique migratoire nationale assortie d'un plan d'action.",
             "Several countries have adopted a national migration policy with an action plan."),
            ("La coordination interministérielle améliore la cohérence des politiques migratoires.",
             "Inter-ministerial coordination improves the coherence of migration policies."),
        ]),
        new("les données migratoires", "migration data", "migration-data", 2,
        [
            ("Des données fiables sur les flux migratoires permettent d'élaborer des politiques fondées sur des éléments probants.",
             "Reliable data on migration flows make it possible to design evidence-based policies."),
            ("Les instituts nationaux de statistique ont harmonisé leurs enquêtes sur la migration.",
             "National statistics offices have harmonised their migration surveys."),
        ]),
        new("le changement climatique et la mobilité", "climate change and mobility", "climate", 2,
        [
            ("Les effets du changement climatique sur la mobilité humaine {Rin} ont également été abordés.",
             "The effects of climate change on human mobility {Rin} were also addressed."),
            ("La sécheresse et la dégradation des terres poussent des populations rurales vers les villes.",
             "Drought and land degradation push rural populations towards cities."),
        ]),
        new("l'intégration des migrants", "the integration of migrants", "integration", 2,
        [
            ("L'apprentissage de la langue et l'accès à l'emploi favorisent l'intégration des migrants.",
             "Language learning and access to employment foster the integration of migrants."),
            ("Les villes jouent un rôle essentiel dans l'accueil et l'inclusion des nouveaux arrivants.",
             "Cities play a key role in welcoming and including newcomers."),
        ]),
        new("les voies de migration régulière", "regular migration pathways", "legal-migration", 2,
        [
            ("Les voies de migration légale, notamment la mobilité des étudiants et des travailleurs, ont fait l'objet d'un débat approfondi.",
             "Legal migration pathways, including the mobility of students and workers, were discussed in depth."),
            ("Le regroupement familial constitue l'une des principales voies d'entrée régulière.",
             "Family reunification is one of the main regular entry routes."),
        ]),
        new("les mineurs non accompagnés", "unaccompanied minors", "protection", 1,
        [
            ("La question des mineurs non accompagnés a fait l'objet d'une attention particulière de la part des délégations.",
             "The question of unaccompanied minors received particular attention from the delegations."),
            ("L'intérêt supérieur de l'enfant doit guider toute décision concernant un mineur migrant.",
             "The best interests of the child must guide every decision concerning a migrant minor."),
        ]),
        new("l'état civil et l'identité numérique", "civil registration and digital identity", "border-management", 1,
        [
            ("L'accès à l'état civil et aux documents d'identité conditionne l'accès des migrants aux services de base.",
             "Access to civil registration and identity documents determines migrants' access to basic services."),
            ("La numérisation des registres d'état civil facilite la délivrance de documents sécurisés.",
             "Digitising civil registers makes it easier to issue secure documents."),
        ]),
    ];

    private static readonly int TopicWeights = Topics.Sum(t => t.Weight);

    // ISO 3166-1 alpha-2 codes of partner countries; African partners are drawn twice as often.
    private static readonly Country[] Countries =
    [
        new("MA", "le Maroc", "au Maroc", "du Maroc", "Morocco", [("Rabat", "Rabat"), ("Tanger", "Tangier"), ("Marrakech", "Marrakesh")], 2),
        new("SN", "le Sénégal", "au Sénégal", "du Sénégal", "Senegal", [("Dakar", "Dakar"), ("Saint-Louis", "Saint-Louis")], 2),
        new("ML", "le Mali", "au Mali", "du Mali", "Mali", [("Bamako", "Bamako")], 2),
        new("NG", "le Nigeria", "au Nigeria", "du Nigeria", "Nigeria", [("Abuja", "Abuja"), ("Lagos", "Lagos")], 2),
        new("CI", "la Côte d'Ivoire", "en Côte d'Ivoire", "de la Côte d'Ivoire", "Côte d'Ivoire", [("Abidjan", "Abidjan")], 2),
        new("GH", "le Ghana", "au Ghana", "du Ghana", "Ghana", [("Accra", "Accra")], 2),
        new("GN", "la Guinée", "en Guinée", "de la Guinée", "Guinea", [("Conakry", "Conakry")], 2),
        new("BF", "le Burkina Faso", "au Burkina Faso", "du Burkina Faso", "Burkina Faso", [("Ouagadougou", "Ouagadougou")], 2),
        new("NE", "le Niger", "au Niger", "du Niger", "Niger", [("Niamey", "Niamey"), ("Agadez", "Agadez")], 2),
        new("MR", "la Mauritanie", "en Mauritanie", "de la Mauritanie", "Mauritania", [("Nouakchott", "Nouakchott")], 2),
        new("GM", "la Gambie", "en Gambie", "de la Gambie", "the Gambia", [("Banjul", "Banjul")], 2),
        new("CM", "le Cameroun", "au Cameroun", "du Cameroun", "Cameroon", [("Yaoundé", "Yaoundé"), ("Douala", "Douala")], 2),
        new("CV", "le Cabo Verde", "au Cabo Verde", "du Cabo Verde", "Cabo Verde", [("Praia", "Praia")], 2),
        new("TG", "le Togo", "au Togo", "du Togo", "Togo", [("Lomé", "Lomé")], 2),
        new("BJ", "le Bénin", "au Bénin", "du Bénin", "Benin", [("Cotonou", "Cotonou")], 2),
        new("TD", "le Tchad", "au Tchad", "du Tchad", "Chad", [("N'Djaména", "N'Djamena")], 2),
        new("ES", "l'Espagne", "en Espagne", "de l'Espagne", "Spain", [("Madrid", "Madrid"), ("Cadix", "Cádiz")], 1),
        new("FR", "la France", "en France", "de la France", "France", [("Paris", "Paris")], 1),
        new("BE", "la Belgique", "en Belgique", "de la Belgique", "Belgium", [("Bruxelles", "Brussels")], 1),
        new("IT", "l'Italie", "en Italie", "de l'Italie", "Italy", [("Rome", "Rome")], 1),
        new("PT", "le Portugal", "au Portugal", "du Portugal", "Portugal", [("Lisbonne", "Lisbon")], 1),
        new("DE", "l'Allemagne", "en Allemagne", "de l'Allemagne", "Germany", [("Berlin", "Berlin")], 1),
        new("NL", "les Pays-Bas", "aux Pays-Bas", "des Pays-Bas", "the Netherlands", [("La Haye", "The Hague")], 1),
        new("CH", "la Suisse", "en Suisse", "de la Suisse", "Switzerland", [("Genève", "Geneva")], 1),
    ];

    private static readonly int CountryWeights = Countries.Sum(c => c.Weight);

    private static readonly Region[] Regions =
    [
        new("l'Afrique de l'Ouest", "en Afrique de l'Ouest", "de l'Afrique de l'Ouest", "West Africa"),
        new("l'Afrique centrale", "en Afrique centrale", "de l'Afrique centrale", "Central Africa"),
        new("l'Afrique du Nord", "en Afrique du Nord", "de l'Afrique du Nord", "North Africa"),
        new("le Sahel", "au Sahel", "du Sahel", "the Sahel"),
        new("la Méditerranée occidentale", "en Méditerranée occidentale", "de la Méditerranée occidentale", "the Western Mediterranean"),
        new("l'espace euro-africain", "dans l'espace euro-africain", "de l'espace euro-africain", "the Euro-African area"),
    ];

    private static readonly (string Fr, string En)[] Conferences =
        [("Rabat (2006)", "Rabat (2006)"), ("Paris (2008)", "Paris (2008)"), ("Dakar (2011)", "Dakar (2011)"), ("Rome (2014)", "Rome (2014)"), ("Marrakech (2018)", "Marrakesh (2018)"), ("Cadix (2022)", "Cádiz (2022)")];

    /// <summary>Item types with their share of the corpus (per mille) and title templates.</summary>
    private static readonly (string Type, int Weight, (string Fr, string En)[] Titles)[] Types =
    [
        ("news", 400,
        [
            ("{V} accueille un atelier sur {T}", "{V} hosts a workshop on {T}"),
            ("Le Processus de Rabat renforce {T} {Rin}", "The Rabat Process strengthens {T} {Rin}"),
            ("Nouvelle initiative pour {T} {Cin}", "New initiative for {T} {Cin}"),
            ("Les partenaires font le point sur {T}", "Partners take stock of {T}"),
            ("Les jeunes de la diaspora s'engagent pour {T}", "Young people of the diaspora commit to {T}"),
            ("Retour sur la réunion {deV} consacrée {aT}", "Looking back on the {V} meeting on {T}"),
            ("{TC} : les femmes et les jeunes d'abord", "{TC}: women and young people first"),
        ]),
        ("meeting", 150,
        [
            ("Réunion thématique sur {T}", "Thematic meeting on {T}"),
            ("Réunion thématique sur {T} à {V}", "Thematic meeting on {T} in {V}"),
            ("Réunion des hauts fonctionnaires à {V}", "Senior officials' meeting in {V}"),
            ("Atelier régional sur {T} {Rin}", "Regional workshop on {T} {Rin}"),
            ("Réunion du comité de pilotage : {T}", "Steering committee meeting: {T}"),
            ("Séminaire d'experts sur {T} et {T2}", "Expert seminar on {T} and {T2}"),
        ]),
        ("publication", 200,
        [
            ("Rapport sur {T} {Rin}", "Report on {T} {Rin}"),
            ("Guide pratique : {TC}", "Practical guide: {TC}"),
            ("Étude sur {T} et {T2}", "Study on {T} and {T2}"),
            ("Note d'orientation : {TC} {Cin}", "Policy brief: {TC} {Cin}"),
            ("Bilan {Y} du plan d'action de Cadix", "{Y} review of the Cádiz Action Plan"),
            ("Cartographie {deT} {Rin}", "Mapping {T} {Rin}"),
        ]),
        ("page", 50,
        [
            ("{TC}", "{TC}"),
            ("{TC} : priorités du plan d'action de Cadix", "{TC}: priorities of the Cádiz Action Plan"),
            ("Domaine {N} : {TC}", "Domain {N}: {TC}"),
            ("Le Pacte mondial sur les migrations : objectif {G}", "The Global Compact for Migration: objective {G}"),
        ]),
        ("project", 200,
        [
            ("Projet d'appui {aT} {Cin}", "Project supporting {T} {Cin}"),
            ("Programme régional pour {T} {Rin}", "Regional programme for {T} {Rin}"),
            ("Initiative pilote sur {T} {Cin}", "Pilot initiative on {T} {Cin}"),
            ("Renforcement des capacités en matière {deTb} {Cin}", "Capacity building for {T} {Cin}"),
        ]),
    ];

    private static readonly (string Fr, string En)[] SummarySentences =
    [
        ("{V}, {D}. Les pays partenaires du Processus de Rabat se sont réunis pour échanger sur {T} et sur {T2}.",
         "{V}, {D}. The partner countries of the Rabat Process met to discuss {T} and {T2}."),
        ("Cette rencontre a rassemblé des représentants des pays d'origine, de transit et de destination, ainsi que des organisations internationales.",
         "The meeting brought together representatives of countries of origin, transit and destination, as well as international organisations."),
        ("Les débats ont mis l'accent sur la situation des jeunes et des femmes migrantes {Rin}.",
         "The debates focused on the situation of young people and migrant women {Rin}."),
        ("Le document présente les enseignements tirés des projets menés {Cin} depuis {Y} et propose des recommandations concrètes.",
         "The document presents lessons learnt from projects carried out {Cin} since {Y} and makes concrete recommendations."),
        ("L'initiative vise à renforcer {T} grâce à une coopération étroite entre l'Afrique et l'Europe.",
         "The initiative aims to strengthen {T} through close cooperation between Africa and Europe."),
        ("Les personnes d'origine africaine installées en Europe y jouent un rôle qu'elles souhaitent voir reconnu.",
         "People of African origin living in Europe play a role in it that they wish to see recognised."),
    ];

    /// <summary>Sentences any item may use (the rest of a body comes from its topics).</summary>
    private static readonly (string Fr, string En)[] BodySentences =
    [
        ("Le dialogue euro-africain sur la migration et le développement réunit depuis 2006 des pays d'origine, de transit et de destination.",
         "Since 2006 the Euro-African dialogue on migration and development has brought together countries of origin, transit and destination."),
        ("Les participants ont souligné l'importance d'une approche globale et équilibrée {deT}.",
         "Participants stressed the importance of a comprehensive and balanced approach to {T}."),
        ("Les échanges ont porté sur les bonnes pratiques {Rin} et sur les défis communs liés {aT2}.",
         "Discussions covered good practices {Rin} and the shared challenges of {T2}."),
        ("La délégation {Cof} a présenté son expérience en matière {deTb}.",
         "The delegation of {C} presented its experience of {T}."),
        ("Les jeunes et les femmes restent au cœur des priorités du plan d'action de Cadix.",
         "Young people and women remain at the heart of the priorities of the Cádiz Action Plan."),
        ("Les recommandations de la réunion {deV} seront présentées lors de la prochaine réunion des hauts fonctionnaires.",
         "The recommendations of the {V} meeting will be presented at the next senior officials' meeting."),
        ("Le secrétariat du Processus de Rabat apporte un appui technique aux pays partenaires {Rin}.",
         "The secretariat of the Rabat Process provides technical support to partner countries {Rin}."),
        ("Les autorités {Cof} ont rappelé l'engagement de leur pays en faveur du Pacte mondial pour des migrations sûres, ordonnées et régulières.",
         "The authorities of {C} recalled their country's commitment to the Global Compact for Safe, Orderly and Regular Migration."),
        ("La protection des droits des migrants, quel que soit leur statut, demeure un principe fondamental du dialogue.",
         "Protecting the rights of migrants, whatever their status, remains a fundamental principle of the dialogue."),
        ("Les organisations de la société civile ont partagé leur expérience de terrain auprès des personnes en situation de vulnérabilité.",
         "Civil society organisations shared their field experience with people in vulnerable situations."),
        ("L'Union européenne et ses États membres soutiennent ces initiatives par des financements ciblés.",
         "The European Union and its Member States support these initiatives with targeted funding."),
        ("Les participants se sont engagés à renforcer {T} d'ici {Y2}.",
         "Participants committed to strengthening {T} by {Y2}."),
        ("Cette initiative s'inscrit dans le cadre du plan d'action de Cadix adopté en 2022.",
         "This initiative is part of the Cádiz Action Plan adopted in 2022."),
        ("Les jeunes diplômés d'origine africaine jouent un rôle croissant dans les échanges entre les deux continents.",
         "Young graduates of African origin play a growing role in exchanges between the two continents."),
        ("Une étude commandée par le secrétariat analyse {T} dans {N} pays partenaires.",
         "A study commissioned by the secretariat analyses {T} in {N} partner countries."),
        ("Les conclusions soulignent la nécessité d'une meilleure coordination entre les pays d'origine, de transit et de destination.",
         "The conclusions underline the need for better coordination between countries of origin, transit and destination."),
        ("Le renforcement des capacités des administrations nationales reste une priorité {Rin}.",
         "Strengthening the capacities of national administrations remains a priority {Rin}."),
        ("Les partenaires ont salué les progrès accomplis depuis la conférence ministérielle de {Conf}.",
         "Partners welcomed the progress made since the ministerial conference of {Conf}."),
        ("Qu'il s'agisse {deT} ou {deT2}, l'approche reste fondée sur la solidarité et la responsabilité partagée.",
         "Whether it concerns {T} or {T2}, the approach remains based on solidarity and shared responsibility."),
        ("Jusqu'à présent, {N} pays partenaires ont adopté une stratégie nationale sur {T}.",
         "So far, {N} partner countries have adopted a national strategy on {T}."),
        ("La réunion s'est ouverte par les allocutions des représentants du pays hôte et de la présidence du dialogue.",
         "The meeting opened with speeches by representatives of the host country and the chair of the dialogue."),
        ("Les travaux se sont déroulés en séances plénières et en groupes de travail.",
         "The work took place in plenary sessions and working groups."),
        ("Le compte rendu est disponible en français et en anglais sur le site du dialogue.",
         "The report is available in French and English on the dialogue's website."),
        ("Les États partenaires ont réaffirmé leur attachement à un partenariat équilibré entre l'Afrique et l'Europe.",
         "The partner States reaffirmed their commitment to a balanced partnership between Africa and Europe."),
        ("La prochaine étape consistera à traduire ces engagements en actions concrètes sur le terrain.",
         "The next step will be to translate these commitments into concrete action on the ground."),
        ("Les représentants d'organisations internationales ont apporté leur expertise technique.",
         "Representatives of international organisations contributed their technical expertise."),
        ("Une visite de terrain a permis aux participants de rencontrer les acteurs locaux à {V}.",
         "A field visit allowed participants to meet local stakeholders in {V}."),
        ("Les résultats seront évalués lors d'un atelier de suivi prévu en {Y2}.",
         "The results will be assessed at a follow-up workshop planned for {Y2}."),
    ];

    /// <summary>The item at <paramref name="index"/> of the corpus with this seed.</summary>
    public static CorpusItem Item(int seed, int index)
    {
        // Not HashCode.Combine: it is randomised per process, and the corpus must be the same every run.
        var random = new Random(unchecked((seed * 1_000_003) + index) & int.MaxValue);
        var (type, titles) = PickType(random);
        var topic = PickTopic(random);
        var topic2 = PickTopic(random, except: topic);
        var country = PickCountry(random);
        var (cityFr, cityEn) = country.Cities[random.Next(country.Cities.Length)];
        var region = Regions[random.Next(Regions.Length)];
        var conference = Conferences[random.Next(Conferences.Length)];
        var date = First.AddSeconds(random.NextInt64((long)(Last - First).TotalSeconds));
        var number = random.Next(3, 25).ToString(CultureInfo.InvariantCulture);
        var gcm = random.Next(1, 24);
        var year = date.Year.ToString(CultureInfo.InvariantCulture);
        var year2 = (date.Year + 2).ToString(CultureInfo.InvariantCulture);

        var themes = new List<string> { topic.Theme };
        if (random.Next(2) == 0)
        {
            themes.Add(topic2.Theme);
        }

        for (var i = random.Next(3); i > 0; i--)
        {
            themes.Add($"gcm-{random.Next(1, 24)}");
        }

        var (titleTemplate, summaryTemplates, bodyTemplates) = Templates(random, titles, topic, topic2);
        if (titleTemplate.Fr.Contains("{G}", StringComparison.Ordinal))
        {
            themes.Add($"gcm-{gcm}");
        }

        var countries = new List<string> { country.Code };
        for (var i = random.Next(3); i > 0; i--)
        {
            countries.Add(PickCountry(random).Code);
        }

        var fr = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["T"] = topic.Fr, ["aT"] = A(topic.Fr), ["deT"] = De(topic.Fr), ["Tb"] = Bare(topic.Fr), ["deTb"] = DeBare(Bare(topic.Fr)), ["TC"] = Capitalize(Bare(topic.Fr)),
            ["T2"] = topic2.Fr, ["aT2"] = A(topic2.Fr), ["deT2"] = De(topic2.Fr),
            ["C"] = country.Fr, ["Cin"] = country.FrIn, ["Cof"] = country.FrOf, ["V"] = cityFr, ["deV"] = DeBare(cityFr),
            ["Rin"] = region.FrIn, ["Rof"] = region.FrOf, ["R"] = region.Fr,
            ["Y"] = year, ["Y2"] = year2, ["N"] = number, ["G"] = gcm.ToString(CultureInfo.InvariantCulture),
            ["D"] = $"{date.Day} {FrMonths[date.Month - 1]} {date.Year}", ["Conf"] = conference.Fr,
        };
        var en = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["T"] = topic.En, ["aT"] = topic.En, ["deT"] = topic.En, ["Tb"] = topic.En, ["deTb"] = topic.En, ["TC"] = Capitalize(StripThe(topic.En)),
            ["T2"] = topic2.En, ["aT2"] = topic2.En, ["deT2"] = topic2.En,
            ["C"] = country.En, ["Cin"] = $"in {country.En}", ["Cof"] = $"of {country.En}", ["V"] = cityEn, ["deV"] = cityEn,
            ["Rin"] = $"in {region.En}", ["Rof"] = $"of {region.En}", ["R"] = region.En,
            ["Y"] = year, ["Y2"] = year2, ["N"] = number, ["G"] = gcm.ToString(CultureInfo.InvariantCulture),
            ["D"] = date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), ["Conf"] = conference.En,
        };

        var texts = new Dictionary<string, CorpusText>(StringComparer.Ordinal);
        var only = random.Next(10) == 0 ? (random.Next(10) < 7 ? "fr" : "en") : null;
        foreach (var (language, values) in new[] { ("fr", fr), ("en", en) })
        {
            if (only is not null && only != language)
            {
                continue;
            }

            var pick = language == "fr" ? (Func<(string Fr, string En), string>)(t => t.Fr) : t => t.En;
            var title = Capitalize(Fill(pick(titleTemplate), values));
            texts[language] = new CorpusText(
                title,
                $"{Slugs.Of(title)}-{index.ToString(CultureInfo.InvariantCulture)}",
                string.Join(' ', summaryTemplates.Select(t => Fill(pick(t), values))),
                string.Join(' ', bodyTemplates.Select(t => Fill(pick(t), values))));
        }

        return new CorpusItem(type, GuidOf(random, index), date, themes.Distinct().ToArray(), countries.Distinct().ToArray(), texts);
    }

    private static ((string Fr, string En) Title, (string Fr, string En)[] Summary, (string Fr, string En)[] Body) Templates(
        Random random, (string Fr, string En)[] titles, Topic topic, Topic topic2)
    {
        var title = titles[random.Next(titles.Length)];

        // Summary: two sentences, sometimes three (about 40 words), the first one always.
        var summary = new List<(string, string)> { SummarySentences[0] };
        summary.AddRange(Shuffled(random, SummarySentences.Skip(1).ToArray()).Take(random.Next(5) == 0 ? 2 : 1));

        // Body: about 200 words in 13 to 15 sentences: the main topic's own sentences, one of the second
        // topic's, the rest from the common pool, in random order.
        var body = new List<(string, string)>(topic.Sentences);
        body.Add(topic2.Sentences[random.Next(topic2.Sentences.Length)]);
        body.AddRange(Shuffled(random, BodySentences).Take(random.Next(13, 16) - body.Count));
        return (title, summary.ToArray(), Shuffled(random, body.ToArray()));
    }

    private static T[] Shuffled<T>(Random random, T[] items)
    {
        var copy = items.ToArray();
        random.Shuffle(copy);
        return copy;
    }

    private static (string Type, (string Fr, string En)[] Titles) PickType(Random random)
    {
        var n = random.Next(1000);
        foreach (var (type, weight, titles) in Types)
        {
            if ((n -= weight) < 0)
            {
                return (type, titles);
            }
        }

        return (Types[0].Type, Types[0].Titles);
    }

    private static Topic PickTopic(Random random, Topic? except = null)
    {
        while (true)
        {
            var n = random.Next(TopicWeights);
            foreach (var topic in Topics)
            {
                if ((n -= topic.Weight) < 0)
                {
                    if (topic != except)
                    {
                        return topic;
                    }

                    break;
                }
            }
        }
    }

    private static Country PickCountry(Random random)
    {
        var n = random.Next(CountryWeights);
        foreach (var country in Countries)
        {
            if ((n -= country.Weight) < 0)
            {
                return country;
            }
        }

        return Countries[0];
    }

    /// <summary>A random-looking (version 4) id, unique in the corpus: its last four bytes are the index.</summary>
    private static Guid GuidOf(Random random, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes[12..], index);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    /// <summary>Replaces each <c>{key}</c> of the template.</summary>
    private static string Fill(string template, Dictionary<string, string> values)
    {
        var builder = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            builder.Append(template, i, open - i);
            builder.Append(values[template[(open + 1)..close]]);
            i = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>"à" before a French noun phrase: au, aux, à la, à l'.</summary>
    private static string A(string fr) =>
        fr.StartsWith("le ", StringComparison.Ordinal) ? "au " + fr[3..]
        : fr.StartsWith("les ", StringComparison.Ordinal) ? "aux " + fr[4..]
        : "à " + fr;

    /// <summary>"de" before a French noun phrase: du, des, de la, de l'.</summary>
    private static string De(string fr) =>
        fr.StartsWith("le ", StringComparison.Ordinal) ? "du " + fr[3..]
        : fr.StartsWith("les ", StringComparison.Ordinal) ? "des " + fr[4..]
        : "de " + fr;

    /// <summary>"de" before a French noun without article: d'état civil, de gestion.</summary>
    private static string DeBare(string fr) => "aeiouhéèêâîôû".Contains(fr[0], StringComparison.Ordinal) ? "d'" + fr : "de " + fr;

    /// <summary>The French noun phrase without its article.</summary>
    private static string Bare(string fr) =>
        fr.StartsWith("l'", StringComparison.Ordinal) ? fr[2..]
        : fr.StartsWith("la ", StringComparison.Ordinal) || fr.StartsWith("le ", StringComparison.Ordinal) ? fr[3..]
        : fr.StartsWith("les ", StringComparison.Ordinal) ? fr[4..]
        : fr;

    private static string StripThe(string en) => en.StartsWith("the ", StringComparison.Ordinal) ? en[4..] : en;

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpper(text[0], CultureInfo.InvariantCulture).ToString(), text.AsSpan(1));

    private sealed record Topic(string Fr, string En, string Theme, int Weight, (string Fr, string En)[] Sentences);

    private sealed record Country(string Code, string Fr, string FrIn, string FrOf, string En, (string Fr, string En)[] Cities, int Weight);

    private sealed record Region(string Fr, string FrIn, string FrOf, string En);
}

/// <summary>URL slugs as the services make them: unaccented, lower-case, words joined by hyphens.</summary>
public static class Slugs
{
    public static string Of(string text)
    {
        var decomposed = text.Replace("œ", "oe", StringComparison.Ordinal).Replace("Œ", "Oe", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var hyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                hyphen = false;
            }
            else if (!hyphen && builder.Length > 0)
            {
                builder.Append('-');
                hyphen = true;
            }
        }

        return builder.ToString().TrimEnd('-');
    }
}
