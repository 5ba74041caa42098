using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ChannelFunctions.Core.Contract;

namespace ChannelFunctions.Cli;

/// <summary>
/// System.CommandLine parsers and validators whose errors say what a value must be ("an RFC 3339 time",
/// "one of invalid/unsupported/…", "a whole number") instead of naming .NET types.
/// </summary>
internal static class CliValues
{
    /// <summary>A time as the contract writes it: RFC 3339, UTC with a <c>Z</c>, whole seconds unless it has fractions.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 time, with the contract's own rule as the error.</summary>
    public static DateTimeOffset? Time(ArgumentResult result) =>
        ContractFormats.TryParseTime(Token(result), out var time) ? time : Fail<DateTimeOffset?>(result, "an RFC 3339 time such as 2026-01-05T09:00:00Z");

    /// <summary>Parses a whole number (digits, optionally signed).</summary>
    public static int WholeNumber(ArgumentResult result) =>
        int.TryParse(Token(result), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : Fail<int>(result, "a whole number");

    /// <summary>Parses a decimal number, such as 0.05.</summary>
    public static double Number(ArgumentResult result) =>
        double.TryParse(Token(result), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : Fail<double>(result, "a number such as 0.05");

    /// <summary>Parses the name of a fate whose events are kept (<see cref="EventFates.Kept"/>), ignoring case; the error lists them.</summary>
    public static EventFate? KeptFate(ArgumentResult result) =>
        EventFates.TryParse(Token(result), out var fate) && fate.IsKept()
            ? fate
            : Fail<EventFate?>(result, $"one of {string.Join('/', EventFates.Kept.Select(kept => kept.Name()))}");

    /// <summary>
    /// Refuses tokens that look like options in an argument's values: System.CommandLine hands an argument every token
    /// it does not know, so a mistyped option would otherwise be read as a file name or an id. A file or folder that
    /// really starts with a dash is still accepted.
    /// </summary>
    public static void RefuseUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value) && !Directory.Exists(token.Value))
            {
                result.AddError($"Unknown option '{token.Value}'.");
            }
        }
    }

    /// <summary>Adds <see cref="RefuseUnknownOptions"/> to the arguments and returns them.</summary>
    public static TArgument RefusingUnknownOptions<TArgument>(this TArgument argument)
        where TArgument : Argument
    {
        argument.Validators.Add(RefuseUnknownOptions);
        return argument;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    private static T Fail<T>(ArgumentResult result, string expected)
    {
        var name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError($"{name}: '{Token(result)}' is not {expected}.");
        return default!;
    }
}
