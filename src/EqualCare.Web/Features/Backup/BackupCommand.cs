namespace EqualCare.Web.Features.Backup;

/// <summary>
/// The backup commands of the same executable, on the database the server would use (docs/operations.md):
/// <c>db backup --to FILE</c>, <c>db restore --from FILE</c> (into an empty database only) and <c>db verify</c> (row count
/// and checksum of every table). Unlike the other administration commands they never migrate first: a backup is of the
/// database as it is, and a restore needs the target empty.
/// </summary>
public sealed class BackupCommand
{
    /// <summary>Who runs these commands: an operator with shell access to the server, named so in the audit log.</summary>
    public const string Operator = "console";

    readonly string verb;
    readonly string? file;

    BackupCommand(string verb, string? file)
    {
        this.verb = verb;
        this.file = file;
    }

    public static BackupCommand? Find(string[] args)
    {
        if (args.Length < 2 || args[0] != "db") return null;
        string? Option(string name)
        {
            var i = Array.IndexOf(args, "--" + name, 2);
            return i > 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        return args[1] switch
        {
            "backup" => new BackupCommand("backup", Option("to")),
            "restore" => new BackupCommand("restore", Option("from")),
            "verify" => new BackupCommand("verify", null),
            _ => null,
        };
    }

    public Task<int> RunAsync(IServiceProvider services, CancellationToken ct) =>
        RunAsync(services.GetRequiredService<DatabaseBackup>(), Console.Out, ct);

    /// <param name="backup">The database to act on (the configured one; a test passes another).</param>
    /// <param name="output">Where results go (the console; a test passes its own writer).</param>
    public async Task<int> RunAsync(DatabaseBackup backup, TextWriter output, CancellationToken ct)
    {
        try
        {
            return await RunVerbAsync(backup, output, ct);
        }
        catch (BackupToolException e)
        {
            return await FailAsync(output, e.Message);
        }
    }

    async Task<int> RunVerbAsync(DatabaseBackup backup, TextWriter output, CancellationToken ct)
    {
        switch (verb)
        {
            case "backup":
            {
                if (file is null) return await UsageAsync(output, "db backup --to FILE");
                var result = await backup.BackupAsync(file, Operator, ct);
                if (result.IsFailure) return await FailAsync(output, result.Error.Code);
                await output.WriteLineAsync($"backed up the {backup.Provider} database to {Path.GetFullPath(file)} ({result.Value} bytes)");
                return 0;
            }
            case "restore":
            {
                if (file is null) return await UsageAsync(output, "db restore --from FILE");
                var result = await backup.RestoreAsync(file, ct);
                if (result.IsFailure) return await FailAsync(output, result.Error.Code);
                await output.WriteLineAsync($"restored {Path.GetFullPath(file)} into the {backup.Provider} database; what it holds now:");
                // Printed before the restore's own audit row is added, so these lines equal `db verify` of the database
                // that was backed up, right after its backup.
                await WriteAsync(output, await backup.VerifyAsync(ct));
                await backup.AuditRestoreAsync(Operator, ct);
                return 0;
            }
            default:
                await WriteAsync(output, await backup.VerifyAsync(ct));
                return 0;
        }
    }

    static async Task WriteAsync(TextWriter output, IReadOnlyList<TableChecksum> tables)
    {
        await output.WriteLineAsync($"{"table",-40} {"rows",10} sha256");
        foreach (var table in tables) await output.WriteLineAsync(table.ToString());
    }

    static async Task<int> UsageAsync(TextWriter output, string usage)
    {
        await output.WriteLineAsync("usage: " + usage);
        return 2;
    }

    static async Task<int> FailAsync(TextWriter output, string code)
    {
        await output.WriteLineAsync("error: " + code);
        return 1;
    }
}
