namespace ChannelFunctions.Core.Lookups;

/// <summary>The one way lookup answers link to a lookup: a relative reference, its query string escaped as URIs escape data.</summary>
public static class LookupLinks
{
    /// <summary>A path with its query parameters, in the order given.</summary>
    public static string Build(string path, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    /// <summary>
    /// A route of <see cref="LookupRoutes"/> with its one parameter filled in, below <see cref="LookupRoutes.Prefix"/>,
    /// with query parameters.
    /// </summary>
    public static string Build(string route, string value, params KeyValuePair<string, string>[] parameters)
    {
        var open = route.IndexOf('{', StringComparison.Ordinal);
        var close = route.IndexOf('}', open);
        return Build($"{LookupRoutes.Prefix}{route[..open]}{Uri.EscapeDataString(value)}{route[(close + 1)..]}", parameters);
    }
}
