using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>One resource of a compiled template (never an 'existing' reference).</summary>
internal sealed record ArmResource(string? SymbolicName, string Type, JsonObject Json, ArmTemplate Template)
{
    public JsonObject Properties => Json["properties"] as JsonObject
        ?? throw new InvalidOperationException($"{Type} {SymbolicName} has no literal properties object: {Json["properties"]}");

    /// <summary>A property by dotted path ("siteConfig.minTlsVersion") under properties, resolved as far as it can be.</summary>
    public JsonNode? Property(string dottedPath)
    {
        JsonNode? node = Json["properties"];
        foreach (var part in dottedPath.Split('.'))
        {
            node = Template.Resolve(node) is JsonObject obj ? obj[part] : null;
        }

        return Template.Resolve(node);
    }

    public override string ToString() => $"{Type} '{SymbolicName ?? Json["name"]?.ToString()}' in {Template.Path}";
}

/// <summary>
/// A compiled ARM template (from `bicep build`) and the module deployments nested in it. Bicep compiles each module
/// to a Microsoft.Resources/deployments resource whose properties.template is the module's template; this walks
/// them all. Expressions stay strings ("[parameters('x')]"); <see cref="Resolve"/> follows the plain ones
/// (a whole-string parameters('x') or variables('x')) to a literal where the template has one.
/// </summary>
internal sealed partial class ArmTemplate
{
    private readonly Dictionary<string, (string Type, JsonObject Json)> symbols = new(StringComparer.Ordinal);
    private readonly List<ArmResource> resources = [];
    private readonly List<ArmTemplate> children = [];

    private ArmTemplate(JsonObject json, ArmTemplate? parent, JsonObject? deployment, string path)
    {
        Json = json;
        Parent = parent;
        Deployment = deployment;
        Path = path;

        // languageVersion 2.0 (symbolic names) keeps resources in an object; older templates in an array.
        var entries = json["resources"] switch
        {
            JsonObject byName => byName.Select(p => (Name: (string?)p.Key, Json: p.Value!.AsObject())),
            JsonArray list => list.Select(r => (Name: (string?)null, Json: r!.AsObject())),
            _ => [],
        };

        foreach (var (name, resource) in entries)
        {
            var type = resource["type"]!.GetValue<string>();
            if (name is not null)
            {
                symbols[name] = (type, resource);
            }

            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            resources.Add(new ArmResource(name, type, resource, this));
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                children.Add(new ArmTemplate(nested, this, resource, $"{path}/{name ?? resource["name"]}"));
            }
        }
    }

    public JsonObject Json { get; }

    public ArmTemplate? Parent { get; }

    /// <summary>The deployment resource (in <see cref="Parent"/>) this template is nested in; null at the root.</summary>
    public JsonObject? Deployment { get; }

    public string Path { get; }

    public static ArmTemplate Load(JsonObject json) => new(json, null, null, "(root)");

    /// <summary>This template and every template nested in it, at any depth.</summary>
    public IEnumerable<ArmTemplate> SelfAndDescendants() => children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);

    /// <summary>Every resource of this template and its nested templates ('existing' references excluded).</summary>
    public IEnumerable<ArmResource> AllResources() => SelfAndDescendants().SelectMany(t => t.resources);

    public IEnumerable<ArmResource> AllResources(string type) => AllResources().Where(r => r.Type == type);

    public ArmResource Single(string type)
    {
        var found = AllResources(type).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"Expected one {type}, found {found.Count}: {string.Join(", ", found)}");
    }

    /// <summary>
    /// Follows a whole-string "[variables('x')]" to the variable's value, and "[parameters('x')]" to the value the
    /// enclosing module deployment passes (resolved in the parent template) or else the parameter's default.
    /// Anything else (a literal or a real expression) comes back as it is.
    /// </summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; hops < 32; hops++)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                return node;
            }

            if (VariableReference().Match(text) is { Success: true } variable)
            {
                node = Json["variables"]?[variable.Groups[1].Value]
                    ?? throw new InvalidOperationException($"variables('{variable.Groups[1].Value}') is not defined in {Path}");
                continue;
            }

            if (ParameterReference().Match(text) is { Success: true } parameter)
            {
                var name = parameter.Groups[1].Value;
                if (Deployment?["properties"]?["parameters"]?[name] is JsonObject passed && passed.ContainsKey("value"))
                {
                    return Parent!.Resolve(passed["value"]);
                }

                if (Json["parameters"]?[name] is JsonObject declared && declared.ContainsKey("defaultValue"))
                {
                    node = declared["defaultValue"];
                    continue;
                }

                return node;
            }

            return node;
        }

        throw new InvalidOperationException($"Resolving {node} in {Path} went round in circles");
    }

    /// <summary>The declaration of a parameter of this template.</summary>
    public JsonObject Parameter(string name) =>
        Json["parameters"]?[name] as JsonObject ?? throw new KeyNotFoundException($"No parameter '{name}' in {Path}");

    /// <summary>
    /// The type of the resource an expression reads from: reference('symbol', ...) by symbolic name, or the first
    /// resourceId('Type', ...) in it. Null when it names none.
    /// </summary>
    public string? ReferencedResourceType(string expression)
    {
        if (SymbolicReference().Match(expression) is { Success: true } symbolic
            && symbols.TryGetValue(symbolic.Groups[1].Value, out var target))
        {
            return target.Type;
        }

        return ResourceIdReference().Match(expression) is { Success: true } byId ? byId.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"reference\('([^'/]+)'")]
    private static partial Regex SymbolicReference();

    [GeneratedRegex(@"resourceId\('([A-Za-z.]+/[A-Za-z/]+)'")]
    private static partial Regex ResourceIdReference();
}
