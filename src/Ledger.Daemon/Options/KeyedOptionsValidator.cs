using Microsoft.Extensions.Options;

namespace Ledger.Daemon.Options;

/// <summary>Adapts <see cref="IOptionsWithKeys.Validate"/> to the options pipeline (run on start, stops start-up).</summary>
internal sealed class KeyedOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IOptionsWithKeys
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
