namespace Sotp.Console.Hosting;

/// <summary>
/// Secrets as files: one file per key (<c>ConnectionStrings__Sotp</c>, <c>Sotp__Bootstrap__AdminPassword</c>),
/// as Kubernetes secret volumes and the Vault Agent injector write them.
/// </summary>
public static class SecretFilesConfiguration
{
    /// <summary>Environment variable naming the folder; <see cref="DefaultDirectory"/> when unset.</summary>
    public const string DirectoryVariable = "SOTP_SECRETS_DIR";

    public const string DefaultDirectory = "/run/secrets/sotp";

    public static IConfigurationBuilder AddSotpSecretFiles(this IConfigurationBuilder configuration)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = DefaultDirectory;
        }

        return configuration.AddKeyPerFile(directory, optional: true, reloadOnChange: false);
    }
}
