using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.EventGrid;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace ChannelFunctions.EventGridHost;

/// <summary>
/// TEST FIXTURE: the host side of one Event Grid trigger, run in-process with the Functions host's own extension
/// (<c>Microsoft.Azure.WebJobs.Extensions.EventGrid</c> on the WebJobs SDK). Takes an HTTP delivery exactly as
/// Event Grid sends it to <c>/runtime/webhooks/eventgrid?functionName=…</c> and runs the extension's webhook handler,
/// which answers handshakes itself and, for notifications, parses the body and invokes the function with the value
/// it binds; that value is handed to the caller converted as the host's gRPC layer converts it for the
/// InvocationRequest (<see cref="HostTypedData"/>). What the caller's invocation does decides the HTTP answer, as it
/// decides the host's: a thrown exception makes the extension answer 500, so Event Grid would redeliver.
/// </summary>
/// <remarks>
/// Like the host, it binds the type the WebJobs metadata provider chooses for the binding's <c>dataType</c> and
/// cardinality (<c>JObject[]</c> for a batched <c>string</c> trigger) through a function generated with that parameter
/// type, as the host generates one for each worker function. It does not check the webhook's system key.
/// </remarks>
public sealed class EventGridHostExtension : IAsyncDisposable
{
    /// <summary>The path the Functions host serves Event Grid deliveries on.</summary>
    public const string WebhookPath = "/runtime/webhooks/eventgrid";

    private readonly IHost _host;
    private readonly IAsyncConverter<HttpRequestMessage, HttpResponseMessage> _webhook;
    private readonly AsyncLocal<Func<HostTypedData, CancellationToken, Task>?> _invocation = new();

    private EventGridHostExtension(EventGridTriggerBinding binding, Type boundType, IHost host)
    {
        Binding = binding;
        BoundType = boundType;
        _host = host;
        _webhook = host.Services.GetServices<Microsoft.Azure.WebJobs.Host.Config.IExtensionConfigProvider>()
            .OfType<IAsyncConverter<HttpRequestMessage, HttpResponseMessage>>()
            .Single();
    }

    /// <summary>The version of the host extension that runs (its assembly's informational version).</summary>
    public static string ExtensionVersion { get; } = typeof(EventGridTriggerAttribute).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(EventGridTriggerAttribute).Assembly.GetName().Version!.ToString();

    /// <summary>The trigger binding this host serves.</summary>
    public EventGridTriggerBinding Binding { get; }

    /// <summary>The type the host binds the trigger to (<c>JObject[]</c> for a batched string trigger).</summary>
    public Type BoundType { get; }

    /// <summary>Starts the WebJobs host with the Event Grid extension and one generated function for <paramref name="binding"/>.</summary>
    public static async Task<EventGridHostExtension> StartAsync(EventGridTriggerBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var boundType = await DefaultTypeAsync(binding, cancellationToken).ConfigureAwait(false);
        var function = HostFunction.Define(binding.FunctionName, boundType);
        var host = BuildHost(function.Type);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var extension = new EventGridHostExtension(binding, boundType, host);
        function.Connect(extension.OnInvokedAsync);
        return extension;
    }

    /// <summary>
    /// Puts one HTTP request through the extension's webhook handler, as the host does with a request to
    /// <see cref="WebhookPath"/>. For a notification, the extension invokes the function once per batch (or once per
    /// event when not batched); each invocation calls <paramref name="invokeWorker"/> with the trigger's TypedData.
    /// </summary>
    /// <param name="method">The request's method: <c>POST</c> for deliveries, <c>OPTIONS</c> for the CloudEvents handshake.</param>
    /// <param name="headers">The request's headers as Event Grid sends them (e.g. <c>aeg-event-type: Notification</c>,
    /// <c>Content-Type</c>, <c>WebHook-Request-Origin</c>).</param>
    /// <param name="body">The request body, byte for byte.</param>
    /// <param name="invokeWorker">Runs one invocation in the worker; a thrown exception fails it, as a worker failure does.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    public async Task<EventGridHttpResponse> DeliverAsync(
        HttpMethod method,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body,
        Func<HostTypedData, CancellationToken, Task> invokeWorker,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        using var request = new HttpRequestMessage(method, new Uri($"http://localhost{WebhookPath}?functionName={Uri.EscapeDataString(Binding.FunctionName)}"))
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        _invocation.Value = invokeWorker;
        try
        {
            using var response = await _webhook.ConvertAsync(request, cancellationToken).ConfigureAwait(false);
            var text = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new EventGridHttpResponse(response.StatusCode, Flatten(response), text);
        }
        finally
        {
            _invocation.Value = null;
        }
    }

    /// <summary>Stops the WebJobs host.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }

    private Task OnInvokedAsync(object value)
    {
        var invokeWorker = _invocation.Value
            ?? throw new InvalidOperationException("The function ran outside a delivery.");
        return invokeWorker(HostTypedData.FromBoundValue(value), CancellationToken.None);
    }

    // The host asks the WebJobs metadata provider which type to bind a binding's dataType and cardinality to
    // (GeneralScriptBindingProvider.DefaultType); that needs a started host with the extension loaded.
    private static async Task<Type> DefaultTypeAsync(EventGridTriggerBinding binding, CancellationToken cancellationToken)
    {
        using var host = BuildHost(functionType: null);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Obsolete-marked ("not ready for public consumption"), yet it is what the Functions host binds with.
#pragma warning disable CS0618
            var metadata = host.Services.GetRequiredService<IJobHostMetadataProvider>();
#pragma warning restore CS0618
            var attributeType = metadata.GetAttributeTypeFromName("eventGridTrigger")
                ?? throw new InvalidOperationException("The Event Grid extension registered no eventGridTrigger binding.");
            var attribute = metadata.GetAttribute(attributeType, JObject.FromObject(new { type = "eventGridTrigger", direction = "in", name = "events" }));
            return metadata.GetDefaultType(attribute, FileAccess.Read, RequestedType(binding));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    // GeneralScriptBindingProvider.GetRequestedType: dataType to a CLR type, made an array for cardinality many.
    private static Type RequestedType(EventGridTriggerBinding binding)
    {
        var type = binding.DataType?.ToLowerInvariant() switch
        {
            "binary" => typeof(byte[]),
            "stream" => typeof(Stream),
            "string" => typeof(string),
            _ => typeof(object),
        };
        return binding.IsBatched ? type.MakeArrayType() : type;
    }

    private static IHost BuildHost(Type? functionType) => new HostBuilder()
        .ConfigureWebJobs(webJobs => webJobs.AddEventGrid())
        .ConfigureLogging(logging => logging.ClearProviders())
        .ConfigureServices(services => services
            .Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true)
            .AddSingleton<ITypeLocator>(new HostFunctionLocator(functionType)))
        .Build();

    private static Dictionary<string, string> Flatten(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = response.Headers;
        if (response.Content is not null)
        {
            all = all.Concat(response.Content.Headers);
        }

        foreach (var (name, values) in all)
        {
            headers[name] = string.Join(", ", values);
        }

        return headers;
    }

    private sealed class HostFunctionLocator(Type? functionType) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => functionType is null ? [] : [functionType];
    }

    /// <summary>
    /// A generated class with one function, <c>[FunctionName(name)] static Task Run([EventGridTrigger] T events)</c>,
    /// whose body hands the bound value to a delegate: the WebJobs SDK indexes functions from methods, and the
    /// parameter type decides what the extension binds, as in the host's generated functions.
    /// </summary>
    private sealed class HostFunction
    {
        private const string SinkField = "Sink";

        private HostFunction(Type type) => Type = type;

        public Type Type { get; }

        public static HostFunction Define(string name, Type parameterType)
        {
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"EventGridHostFunctions.{Guid.NewGuid():N}"), AssemblyBuilderAccess.RunAndCollect);
            var type = assembly.DefineDynamicModule("Functions").DefineType("Functions", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract);
            var sink = type.DefineField(SinkField, typeof(Func<object, Task>), FieldAttributes.Public | FieldAttributes.Static);
            var run = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(Task), [parameterType]);
            run.SetCustomAttribute(new CustomAttributeBuilder(typeof(FunctionNameAttribute).GetConstructor([typeof(string)])!, [name]));
            run.DefineParameter(1, ParameterAttributes.None, "events")
                .SetCustomAttribute(new CustomAttributeBuilder(typeof(EventGridTriggerAttribute).GetConstructor(Type.EmptyTypes)!, []));
            var il = run.GetILGenerator();
            il.Emit(OpCodes.Ldsfld, sink);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Callvirt, typeof(Func<object, Task>).GetMethod(nameof(Func<object, Task>.Invoke))!);
            il.Emit(OpCodes.Ret);
            return new HostFunction(type.CreateType());
        }

        public void Connect(Func<object, Task> sink) => Type.GetField(SinkField)!.SetValue(null, sink);
    }
}
