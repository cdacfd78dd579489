using System.CommandLine;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Scoring;
using Bulwark.Core.Secrets;
using Bulwark.Core.Storage;
using Bulwark.Server.Hosting;

namespace Bulwark.Server.Cli;

/// <summary>
/// Administration verbs on the server's own executable, against the same configuration and store:
/// <c>dotnet run --project src/Bulwark.Server -- projects create my-project</c>.
/// </summary>
internal static class BulwarkCli
{
    private static readonly string[] Verbs = ["projects", "api-keys", "keys", "models", "master-key", "--help", "-h", "-?"];

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Bulwark: self-hosted bot and fraud defense speaking reCAPTCHA Enterprise. Without a verb, starts the server.");

        var projectId = new Argument<string>("id") { Description = "Project id: 6–30 lowercase letters, digits or hyphens." };
        var fullLevels = new Option<bool>("--full-score-levels") { Description = "All 11 score levels and reason codes." };
        var createProject = new Command("create", "Create a project.") { projectId, fullLevels };
        createProject.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            var id = parse.GetValue(projectId)!;
            if (!ProjectId.IsValid(id))
            {
                await Console.Error.WriteLineAsync("Project ids are 6–30 lowercase letters, digits or hyphens, starting with a letter.").ConfigureAwait(false);
                return 2;
            }

            var created = await sp.GetRequiredService<IProjectStore>().TryCreateAsync(new Project(id, parse.GetValue(fullLevels), DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
            Console.WriteLine(created ? $"Created project {id}." : $"Project {id} exists already.");
            return created ? 0 : 1;
        }));

        var listProjects = new Command("list", "List projects.");
        listProjects.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            foreach (var p in await sp.GetRequiredService<IProjectStore>().ListAsync(ct).ConfigureAwait(false))
            {
                Console.WriteLine($"{p.Id}\t{(p.FullScoreLevels ? "full" : "default")} tier\tcreated {p.CreateTime:u}");
            }

            return 0;
        }));

        var project = new Option<string>("--project") { Description = "The project id.", Required = true };
        var label = new Option<string>("--label") { Description = "A note to recognise the key by.", DefaultValueFactory = _ => "cli" };
        var createApiKey = new Command("create", "Create an API key; it is printed once and stored hashed.") { project, label };
        createApiKey.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            var id = parse.GetValue(project)!;
            if (await sp.GetRequiredService<IProjectStore>().GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                await Console.Error.WriteLineAsync($"No project {id}.").ConfigureAwait(false);
                return 1;
            }

            var key = SecretHasher.NewSecret("bwk_", 30);
            await sp.GetRequiredService<IApiKeyStore>().TryCreateAsync(new ApiKeyRecord(SecretHasher.Hash(key), id, parse.GetValue(label)!, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
            Console.WriteLine(key);
            return 0;
        }));

        var displayName = new Option<string>("--display-name") { Description = "The key's display name.", Required = true };
        var domains = new Option<string[]>("--domain") { Description = "An allowed domain (repeat for more).", AllowMultipleArgumentsPerToken = true };
        var allowAll = new Option<bool>("--allow-all-domains") { Description = "Accept tokens from any domain." };
        var createKey = new Command("create", "Create a web (score) site key and print its id and legacy secret.") { project, displayName, domains, allowAll };
        createKey.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            var id = parse.GetValue(project)!;
            if (await sp.GetRequiredService<IProjectStore>().GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                await Console.Error.WriteLineAsync($"No project {id}.").ConfigureAwait(false);
                return 1;
            }

            var service = sp.GetRequiredService<SiteKeyService>();
            var result = await service.CreateAsync(id, new Key
            {
                DisplayName = parse.GetValue(displayName),
                WebSettings = new WebKeySettings
                {
                    AllowedDomains = [.. parse.GetValue(domains) ?? []],
                    AllowAllDomains = parse.GetValue(allowAll),
                    IntegrationType = IntegrationType.Score,
                },
            }, legacy: false, ct).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                await Console.Error.WriteLineAsync(result.Error!.Message).ConfigureAwait(false);
                return 2;
            }

            var keyId = result.Value!.Name![(result.Value.Name!.LastIndexOf('/') + 1)..];
            var secret = await service.RetrieveLegacySecretAsync(id, keyId, ct).ConfigureAwait(false);
            Console.WriteLine($"site key:      {keyId}");
            Console.WriteLine($"legacy secret: {secret.Value!.LegacySecretKey}");
            return 0;
        }));

        root.Subcommands.Add(new Command("projects", "Manage projects.") { createProject, listProjects });
        root.Subcommands.Add(ModelsCommand());
        root.Subcommands.Add(new Command("api-keys", "Manage API keys.") { createApiKey });
        root.Subcommands.Add(new Command("keys", "Manage site keys.") { createKey });
        root.Subcommands.Add(MasterKeyCommand());
        return root.Parse(args).InvokeAsync();
    }

    /// <summary>
    /// A master key rotation's last step (docs/operations.md, Keys and secrets): with the new key as
    /// Bulwark:Secrets:MasterKey and the old one among Bulwark:Secrets:PreviousMasterKeys, wraps
    /// every stored token key and legacy secret anew under the new one.
    /// </summary>
    private static Command MasterKeyCommand()
    {
        var rewrap = new Command("rewrap", "Wrap every stored token key and legacy secret under Bulwark:Secrets:MasterKey; the keys in Bulwark:Secrets:PreviousMasterKeys open what they wrapped.");
        rewrap.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            try
            {
                var result = await sp.GetRequiredService<SecretRewrapper>().RewrapAsync(ct).ConfigureAwait(false);
                Console.WriteLine($"Wrapped {result.TokenKeys} token keys and {result.LegacySecrets} legacy secrets under the current master key.");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
        }));

        return new Command("master-key", "Rotate the master key.") { rewrap };
    }

    /// <summary>
    /// Behaviour models (docs/model.md): import the trainer's JSON into the store, make one active,
    /// or go back to the embedded model. Every node picks the change up within
    /// <see cref="BehaviourModelOptions.ReloadInterval"/>.
    /// </summary>
    private static Command ModelsCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "The trainer's output, e.g. src/Bulwark.Core/Scoring/Models/behaviour-model.json." };
        var activate = new Option<bool>("--activate") { Description = "Make it the active model at once." };
        var import = new Command("import", "Check a trained behaviour model and store it under its version.") { file, activate };
        import.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            var path = parse.GetValue(file)!;
            string parameters;
            BehaviourModel model;
            try
            {
                if (path.Length > StoredBehaviourModel.MaxParametersLength)
                {
                    throw new InvalidDataException($"The behaviour model is larger than {StoredBehaviourModel.MaxParametersLength / 1024} KB.");
                }

                parameters = await File.ReadAllTextAsync(path.FullName, ct).ConfigureAwait(false);
                model = BehaviourModelProvider.Check(parameters);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Not imported: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            var now = DateTimeOffset.UtcNow;
            var store = sp.GetRequiredService<IBehaviourModelStore>();
            if (!await store.TryAddAsync(new StoredBehaviourModel(model.Version, parameters, now, null), ct).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"A model with version {model.Version} is stored already; versions are never reused.").ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine($"Imported behaviour model {model.Version}.");
            if (parse.GetValue(activate))
            {
                await store.ActivateAsync(model.Version, now, ct).ConfigureAwait(false);
                Console.WriteLine($"Activated {model.Version}.");
            }

            return 0;
        }));

        var version = new Argument<string>("version") { Description = "A stored model's version." };
        var activateCommand = new Command("activate", "Make a stored model the active one (also to go back to an earlier one).") { version };
        activateCommand.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            var v = parse.GetValue(version)!;
            if (!await sp.GetRequiredService<IBehaviourModelStore>().ActivateAsync(v, DateTimeOffset.UtcNow, ct).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"No stored model {v}.").ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine($"Activated {v}.");
            return 0;
        }));

        var useEmbedded = new Command("use-embedded", $"Leave no stored model active: every node goes back to the embedded one ({BehaviourModel.Default.Version}).");
        useEmbedded.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<IBehaviourModelStore>().DeactivateAllAsync(ct).ConfigureAwait(false);
            Console.WriteLine($"No stored model is active; nodes use the embedded {BehaviourModel.Default.Version}.");
            return 0;
        }));

        var list = new Command("list", "List stored models; the active one is marked.");
        list.SetAction((parse, ct) => WithServicesAsync(async sp =>
        {
            var store = sp.GetRequiredService<IBehaviourModelStore>();
            var active = await store.GetActiveAsync(ct).ConfigureAwait(false);
            Console.WriteLine($"{(active is null ? "*" : " ")} {BehaviourModel.Default.Version}	embedded");
            foreach (var m in await store.ListAsync(ct).ConfigureAwait(false))
            {
                Console.WriteLine($"{(m.Version == active?.Version ? "*" : " ")} {m.Version}	imported {m.CreatedAt:u}{(m.ActivatedAt is { } at ? $"	activated {at:u}" : "")}");
            }

            return 0;
        }));

        return new Command("models", "Manage behaviour models.") { import, activateCommand, useEmbedded, list };
    }

    private static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection().AddLogging().AddBulwarkCore(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return await action(provider).ConfigureAwait(false);
    }
}
