namespace ChannelFunctions.Core.Lookups;

/// <summary>A parsed request: its value when valid, else every broken rule by parameter name.</summary>
/// <typeparam name="T">What the request asks for.</typeparam>
public sealed class LookupRequest<T>
    where T : class
{
    internal LookupRequest(T? value, Dictionary<string, string[]> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The request, when <see cref="IsValid"/>.</summary>
    public T? Value { get; }

    /// <summary>The broken rules by parameter name; empty when valid.</summary>
    public IDictionary<string, string[]> Errors { get; }

    /// <summary>Whether every parameter is valid.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>A request refused for one broken rule, found after parsing (the store refusing a continuation).</summary>
    public static LookupRequest<T> Refused(string parameter, string rule) => new(null, new() { [parameter] = [rule] });

    /// <summary>One line naming each parameter and the rules it breaks.</summary>
    public string Detail => string.Join("; ", Errors.Select(error => $"{error.Key}: {string.Join("; ", error.Value)}"));
}
