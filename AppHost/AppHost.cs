using RabatPlatform.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: RabbitMQ (with its management UI), PostgreSQL with one database per service,
// and Mailpit as the SMTP server that catches every email (web UI on its http endpoint).
var messaging = builder.AddRabbitMQ(ResourceNames.Messaging)
    .WithManagementPlugin()
    .WithDataVolume();

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume();

var mail = builder.AddContainer("mailpit", "axllent/mailpit", "v1.27")
    .WithHttpEndpoint(targetPort: 8025, name: "http")
    .WithEndpoint(targetPort: 1025, name: ResourceNames.Smtp, scheme: "smtp");

// Each service: its migrations run first as a step of their own (the service's "migrate" command),
// then the service starts once the broker and its migrated database are there.
var content = AddService<Projects.RabatPlatform_Content>(ResourceNames.Content, ResourceNames.ContentDb);
var meetings = AddService<Projects.RabatPlatform_Meetings>(ResourceNames.Meetings, ResourceNames.MeetingsDb);
var publications = AddService<Projects.RabatPlatform_Publications>(ResourceNames.Publications, ResourceNames.PublicationsDb);
// The key that encrypts webhook signing secrets at rest: base64 of 32 random bytes, kept in the secret
// store (`dotnet user-secrets set Parameters:webhook-secret-key "$(openssl rand -base64 32)"`), never in git.
var webhookSecretKey = builder.AddParameter("webhook-secret-key", secret: true);
var subscriptions = AddService<Projects.RabatPlatform_Subscriptions>(ResourceNames.Subscriptions, ResourceNames.SubscriptionsDb)
    .WithEnvironment($"ConnectionStrings__{ResourceNames.Smtp}", mail.GetEndpoint(ResourceNames.Smtp))
    .WithEnvironment("Webhooks__SecretKeys__k1", webhookSecretKey)
    .WithEnvironment("Webhooks__ActiveSecretKey", "k1")
    .WaitFor(mail);
var search = AddService<Projects.RabatPlatform_Search>(ResourceNames.Search, ResourceNames.SearchDb);

builder.AddProject<Projects.RabatPlatform_Gateway>(ResourceNames.Gateway)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(content).WaitFor(content)
    .WithReference(meetings).WaitFor(meetings)
    .WithReference(publications).WaitFor(publications)
    .WithReference(subscriptions).WaitFor(subscriptions)
    .WithReference(search).WaitFor(search)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();

IResourceBuilder<ProjectResource> AddService<TProject>(string name, string databaseName)
    where TProject : IProjectMetadata, new()
{
    var database = postgres.AddDatabase(databaseName);

    var migrations = builder.AddProject<TProject>($"{name}-migrations")
        .WithArgs("migrate")
        .WithReference(messaging)
        .WithReference(database)
        .WaitFor(database);

    return builder.AddProject<TProject>(name)
        .WithReference(messaging).WaitFor(messaging)
        .WithReference(database).WaitFor(database)
        .WaitForCompletion(migrations)
        .WithHttpHealthCheck("/health");
}
