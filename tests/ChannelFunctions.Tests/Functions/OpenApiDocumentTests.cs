using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChannelFunctions.Core.Lookups;
using ChannelFunctions.Lookups;
using ChannelFunctions.Tests.EventGrid;
using ChannelFunctions.Tests.Lookups;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Primitives;

namespace ChannelFunctions.Tests.Functions;

/// <summary>
/// Keeps src/ChannelFunctions/openapi.json and the app's HTTP functions in step, both ways, driven by data alone:
/// every <c>[HttpTrigger]</c> function must be documented under <c>/api/{route}</c> with its methods and
/// <c>x-function-name</c>, and every documented operation must be served by such a function. A new HTTP function
/// needs only its path in the document.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly string DocumentPath = Path.Combine(BuildOutputTests.RepositoryRoot(), "src", "ChannelFunctions", "openapi.json");
    private static readonly string[] OperationMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>
    /// One HTTP operation: which function serves which method on which path, and the security scheme a caller needs:
    /// <c>functionKey</c> for a key the host checks, <c>entraId</c> for a caller signed in (LookupSignIn), or <c>none</c>.
    /// </summary>
    private sealed record Operation(string Function, string Method, string Path, string Security);

    private static string Security(string function, AuthorizationLevel level) =>
        level != AuthorizationLevel.Anonymous ? "functionKey" : LookupSignIn.RequiresSignIn(function) ? "entraId" : "none";

    private static List<Operation> AppOperations() =>
    [
        .. typeof(GetConversation).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>(),
                Trigger: method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(t => t is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .SelectMany(f => (f.Trigger!.Methods ?? OperationMethods).Select(method => new Operation(
                f.Function!.Name, method.ToLowerInvariant(), "/api/" + f.Trigger.Route, Security(f.Function.Name, f.Trigger.AuthLevel)))),
    ];

    private static JsonElement Document()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(DocumentPath));
        return document.RootElement.Clone();
    }

    private static List<Operation> DocumentedOperations() =>
    [
        .. Document().GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(member => OperationMethods.Contains(member.Name))
                .Select(operation => new Operation(
                    operation.Value.TryGetProperty("x-function-name", out var name) ? name.GetString()! : "(no x-function-name)",
                    operation.Name,
                    path.Name,
                    operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0
                        ? string.Join(" ", security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject()).Select(scheme => scheme.Name))
                        : "none"))),
    ];

    [Fact]
    public void The_app_has_http_functions_to_compare() =>
        Assert.Contains(AppOperations(), operation => operation.Function == GetConversation.Name);

    [Fact]
    public void Every_http_function_is_documented_with_its_route_method_and_auth()
    {
        var documented = DocumentedOperations();

        Assert.All(AppOperations(), operation => Assert.Contains(operation, documented));
    }

    [Fact]
    public void Every_documented_operation_is_served_by_a_function()
    {
        var served = AppOperations();

        Assert.All(DocumentedOperations(), operation => Assert.Contains(operation, served));
    }

    [Fact]
    public void Every_path_parameter_is_declared_and_every_operation_id_is_its_function()
    {
        var document = Document();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(member => OperationMethods.Contains(member.Name)))
            {
                Assert.Equal(operation.Value.GetProperty("x-function-name").GetString(), operation.Value.GetProperty("operationId").GetString());
                var declared = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Select(p => Resolve(document, p)).Where(p => p.GetProperty("in").GetString() == "path")
                        .Select(p => p.GetProperty("name").GetString()).Order().ToList()
                    : [];
                Assert.Equal(RouteParameter().Matches(path.Name).Select(m => m.Groups[1].Value).Order(), declared);
            }
        }
    }

    /// <summary>The paged lookups, each as its function parses its query (agent with a valid window, so only the probe fails).</summary>
    public static TheoryData<string> PagedLookups() => [GetConversationEvents.Name, GetInteractionEvents.Name, GetAgentEvents.Name];

    private static readonly string[] QueryParameters =
        [LookupParameters.Type, LookupParameters.ChannelId, LookupParameters.From, LookupParameters.To, LookupParameters.Limit, LookupParameters.ContinuationToken];

    [Theory]
    [MemberData(nameof(PagedLookups))]
    public void Every_query_parameter_a_lookup_validates_is_documented_and_no_other(string function)
    {
        var requests = LookupTestSupport.Requests();
        Func<Dictionary<string, StringValues>, IDictionary<string, string[]>> parse = function switch
        {
            GetConversationEvents.Name => query => requests.ConversationEvents(LookupTestSupport.ConversationId, query).Errors,
            GetInteractionEvents.Name => query => requests.InteractionEvents(LookupTestSupport.InteractionId, query).Errors,
            _ => query => requests.AgentEvents("1544", query).Errors,
        };
        // A parameter the lookup reads refuses a value that fits no rule; one it ignores says nothing.
        var validated = QueryParameters.Where(name =>
        {
            var query = new Dictionary<string, StringValues>
            {
                [LookupParameters.From] = "2026-03-01T00:00:00Z",
                [LookupParameters.To] = "2026-03-02T00:00:00Z",
                [name] = "not-valid-anywhere",
            };
            return parse(query).ContainsKey(name);
        }).Order(StringComparer.Ordinal);

        var document = Document();
        var operation = document.GetProperty("paths").EnumerateObject()
            .Select(path => path.Value.TryGetProperty("get", out var get) ? get : default)
            .Single(get => get.ValueKind == JsonValueKind.Object && get.GetProperty("x-function-name").GetString() == function);
        var documented = operation.GetProperty("parameters").EnumerateArray().Select(p => Resolve(document, p))
            .Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);

        Assert.Equal(validated, documented);
    }

    [Fact]
    public async Task The_document_is_served_as_checked_in()
    {
        var request = HttpTestContext.Get("/api/openapi.json");

        var answer = await new GetOpenApiDocument().Run(request).ExecuteAsync(request);

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal(File.ReadAllText(DocumentPath), answer.Body);
        Assert.StartsWith("3.", answer.Json.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_channel_lookup_schema_documents_every_member_of_the_answer_and_its_byte_bound()
    {
        var schema = Document().GetProperty("components").GetProperty("schemas").GetProperty("ChannelLookup");
        var answer = typeof(ChannelFunctions.Core.Lookups.ChannelLookup).GetProperties()
            .Select(p => ChannelFunctions.Core.Lookups.LookupJson.Options.PropertyNamingPolicy!.ConvertName(p.Name));

        Assert.Equal(answer.Order(), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var description = Document().GetProperty("paths").GetProperty("/api/channels/{channelId}").GetProperty("get").GetProperty("description").GetString();
        Assert.Contains("Lookups__MaxChannelEventBytes", description, StringComparison.Ordinal);
        Assert.Contains(
            $"{new ChannelFunctions.Core.Lookups.LookupOptions().MaxChannelEventBytes / (1024 * 1024)} MiB by default",
            description, StringComparison.Ordinal);
    }

    private static JsonElement Resolve(JsonElement document, JsonElement item)
    {
        if (!item.TryGetProperty("$ref", out var reference))
        {
            return item;
        }

        var target = document;
        foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(segment);
        }

        return target;
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteParameter();
}
