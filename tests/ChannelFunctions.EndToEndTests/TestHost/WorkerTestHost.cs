using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChannelFunctions.EndToEndTests.Protocol;
using ChannelFunctions.EventGridHost;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChannelFunctions.EndToEndTests.TestHost;

/// <summary>How a <see cref="WorkerTestHost"/> starts the worker.</summary>
public sealed class WorkerTestHostOptions
{
    /// <summary>The app's build output: the function app directory, holding <c>ChannelFunctions.dll</c> and host.json.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The assembly to start with <c>dotnet</c>.</summary>
    public string AppAssembly { get; init; } = "ChannelFunctions.dll";

    /// <summary>App settings, given to the process as environment variables (as the host does); null removes one.</summary>
    public required IReadOnlyDictionary<string, string?> Settings { get; init; }

    /// <summary>How long the worker may take from process start to loaded functions.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>When each step of a worker's start-up finished, measured from the process start.</summary>
/// <param name="StreamStarted">The worker connected and sent StartStream.</param>
/// <param name="Ready">Init, indexing and every function load answered: the worker can be invoked.</param>
public sealed record WorkerStartTimes(TimeSpan StreamStarted, TimeSpan Ready);

/// <summary>
/// TEST FIXTURE, not the Functions host: plays the host's part toward one worker process over the language worker
/// protocol. It starts the built app as the host starts a worker (<c>dotnet ChannelFunctions.dll</c> with the host's
/// connection arguments, app settings as environment variables, <c>FUNCTIONS_APPLICATION_DIRECTORY</c>), serves
/// <c>FunctionRpc.EventStream</c> on loopback, and does the host's handshake: StartStream, WorkerInitRequest/Response,
/// worker indexing (FunctionsMetadataRequest), one FunctionLoadRequest per function with the bindings map built from
/// the raw bindings. Then it invokes functions: Event Grid deliveries go through the host's own Event Grid extension
/// (<see cref="EventGridHostExtension"/>) into an InvocationRequest; HTTP requests take the ASP.NET Core
/// integration's path (forwarded to the worker's <c>HttpUri</c> with <c>x-ms-invocation-id</c>, beside an
/// InvocationRequest with the RpcHttp trigger and route values). The worker's logs are kept in <see cref="Logs"/>.
/// It checks no function keys and runs no retries: tests play Event Grid's redelivery themselves.
/// </summary>
public sealed class WorkerTestHost : IAsyncDisposable
{
    /// <summary>The header that pairs a forwarded HTTP request with its invocation (the worker's <c>Constants.CorrelationHeader</c>).</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private const int GrpcMaxMessageLength = int.MaxValue;

    private readonly WebApplication _server;
    private readonly WorkerChannel _channel;
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly Dictionary<string, EventGridHostExtension> _eventGrid;
    private readonly string _routePrefix;
    private readonly Stopwatch _sinceStart;

    private WorkerTestHost(
        WebApplication server, WorkerChannel channel, Process process, WorkerLogs logs, IReadOnlyDictionary<string, string> capabilities,
        IReadOnlyList<WorkerFunction> functions, Dictionary<string, EventGridHostExtension> eventGrid, string routePrefix, WorkerStartTimes startTimes,
        Stopwatch sinceStart)
    {
        _sinceStart = sinceStart;
        _server = server;
        _channel = channel;
        _process = process;
        Logs = logs;
        WorkerCapabilities = capabilities;
        Functions = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _eventGrid = eventGrid;
        _routePrefix = routePrefix;
        StartTimes = startTimes;
        HttpUri = capabilities.TryGetValue("HttpUri", out var uri) ? new Uri(uri) : null;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>What the worker logged, over the stream and on stdout/stderr.</summary>
    public WorkerLogs Logs { get; }

    /// <summary>The capabilities the worker answered WorkerInitRequest with.</summary>
    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; }

    /// <summary>The worker's HTTP endpoint (the <c>HttpUri</c> capability of the ASP.NET Core integration).</summary>
    public Uri? HttpUri { get; }

    /// <summary>The functions the worker indexed and loaded, by name.</summary>
    public IReadOnlyDictionary<string, WorkerFunction> Functions { get; }

    /// <summary>How long the start-up took.</summary>
    public WorkerStartTimes StartTimes { get; }

    /// <summary>The time since the worker process was started.</summary>
    public TimeSpan SinceStart => _sinceStart.Elapsed;

    /// <summary>The worker process's id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the worker process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The worker process's resident memory now, in bytes.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts the worker and waits until every function is loaded.</summary>
    /// <exception cref="WorkerStartupException">The worker exited, failed init, indexing or a load, or took too long.</exception>
    public static async Task<WorkerTestHost> StartAsync(WorkerTestHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logs = new WorkerLogs();
        var channel = new WorkerChannel(logs);
        var server = await StartServerAsync(channel, cancellationToken).ConfigureAwait(false);
        Process? process = null;
        try
        {
            var port = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
            var clock = Stopwatch.StartNew();
            process = StartProcess(options, port, logs);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartTimeout);
            var exited = process.WaitForExitAsync(CancellationToken.None).ContinueWith(
                _ => channel.End(new WorkerGoneException("The worker process exited.")), TaskScheduler.Default);

            var handshake = HandshakeAsync(channel, options.AppDirectory, timeout.Token);
            try
            {
                await handshake.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WorkerGoneException or OperationCanceledException or WorkerStartupException)
            {
                var exitCode = await ExitCodeAsync(process).ConfigureAwait(false);
                throw new WorkerStartupException(
                    $"The worker did not start ({exception.Message}); exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (still running)"}.",
                    exitCode, logs, exception);
            }

            var (streamStarted, capabilities, functions) = handshake.Result;
            var ready = clock.Elapsed;
            var eventGrid = new Dictionary<string, EventGridHostExtension>(StringComparer.OrdinalIgnoreCase);
            foreach (var function in functions.Where(f => f.Trigger.Type.Equals("eventGridTrigger", StringComparison.OrdinalIgnoreCase)))
            {
                eventGrid[function.Name] = await EventGridHostExtension.StartAsync(
                    new EventGridTriggerBinding(function.Name, function.Trigger.DataType, function.Trigger.IsMany), cancellationToken).ConfigureAwait(false);
            }

            return new WorkerTestHost(server, channel, process, logs, capabilities, functions, eventGrid,
                RoutePrefix(options.AppDirectory), new WorkerStartTimes(streamStarted, ready), clock);
        }
        catch
        {
            if (process is not null)
            {
                Stop(process);
            }

            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends one InvocationRequest and returns the worker's InvocationResponse.</summary>
    public async Task<InvocationResponse> InvokeAsync(
        WorkerFunction function, IEnumerable<ParameterBinding> inputs, IEnumerable<KeyValuePair<string, TypedData>>? triggerMetadata,
        string? invocationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        var request = new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            // The worker requires a trace context (it dereferences it); the host always sends one.
            TraceContext = new RpcTraceContext
            {
                TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01",
                TraceState = string.Empty,
            },
            RetryContext = new RetryContext(),
        };
        request.InputData.AddRange(inputs);
        foreach (var (name, value) in triggerMetadata ?? [])
        {
            request.TriggerMetadata[name] = value;
        }

        var answer = await _channel.RequestAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request },
            WorkerChannel.InvocationKey(request.InvocationId), cancellationToken).ConfigureAwait(false);
        return answer.InvocationResponse;
    }

    /// <summary>
    /// Delivers one Event Grid HTTP request to an Event Grid-triggered function through the host's own extension.
    /// The extension answers handshakes itself; for a notification it invokes the function, and each invocation
    /// becomes an InvocationRequest whose trigger input is the TypedData the host's gRPC layer would send. A failed
    /// or unanswered invocation (the worker killed) makes the extension answer 500, so Event Grid would redeliver.
    /// </summary>
    public Task<EventGridHttpResponse> DeliverEventGridAsync(
        string functionName, HttpMethod method, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, CancellationToken cancellationToken = default)
    {
        var function = Functions[functionName];
        return _eventGrid[functionName].DeliverAsync(method, headers, body, async (typedData, _) =>
        {
            var input = new ParameterBinding { Name = function.Trigger.Name, Data = ToTypedData(typedData) };
            var response = await InvokeAsync(function, [input], triggerMetadata: null, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.Result.Status != StatusResult.Types.Status.Success)
            {
                throw new WorkerInvocationException(response.Result);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Sends an HTTP request to the HTTP-triggered function whose route and methods match it (404 when none does),
    /// as the host does for a worker with the ASP.NET Core integration: the request goes to the worker's
    /// <see cref="HttpUri"/> with <see cref="InvocationIdHeader"/>, and an InvocationRequest with the same id carries
    /// the RpcHttp trigger (method, URL, headers, query, route values) and the route values as trigger metadata.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(new Uri("http://localhost"), request.RequestUri);
        if (Match(uri.AbsolutePath, request.Method) is not var (function, routeValues))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var invocationId = Guid.NewGuid().ToString();
        var http = new RpcHttp { Method = request.Method.Method, Url = uri.ToString() };
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            http.Headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
        }

        foreach (var (name, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query))
        {
            http.Query[name] = value.ToString();
        }

        var triggerMetadata = new List<KeyValuePair<string, TypedData>>();
        foreach (var (name, value) in routeValues)
        {
            if (value?.ToString() is { } text)
            {
                http.Params[name] = text;
                triggerMetadata.Add(new(name, new TypedData { String = text }));
            }
        }

        triggerMetadata.Add(new("Query", new TypedData { Json = JsonSerializer.Serialize(http.Query) }));
        triggerMetadata.Add(new("Headers", new TypedData { Json = JsonSerializer.Serialize(http.Headers) }));

        var invocation = InvokeAsync(function, [new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Http = http } }],
            triggerMetadata, invocationId, cancellationToken);
        var response = await ForwardAsync(request, uri, body, invocationId, cancellationToken).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var result = await invocation.ConfigureAwait(false);
        if (result.Result.Status != StatusResult.Types.Status.Success && response.IsSuccessStatusCode)
        {
            // The host answers 500 for a failed invocation whatever the worker wrote.
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.InternalServerError);
        }

        return response;
    }

    // The worker reports HttpUri before its Kestrel listens; like the host, retry a refused connection for a while.
    private async Task<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, Uri uri, byte[]? body, string invocationId, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var forwarded = new HttpRequestMessage(request.Method, new Uri(HttpUri!, uri.PathAndQuery));
            foreach (var header in request.Headers)
            {
                forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (body is not null)
            {
                forwarded.Content = new ByteArrayContent(body);
                foreach (var header in request.Content!.Headers)
                {
                    forwarded.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            forwarded.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
            try
            {
                return await _http.SendAsync(forwarded, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (exception.InnerException is System.Net.Sockets.SocketException
                { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kills the worker process at once (SIGKILL on Linux), as a crash or an instance recycle would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Stops the worker and the test host.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Stop(_process);
        foreach (var extension in _eventGrid.Values)
        {
            await extension.DisposeAsync().ConfigureAwait(false);
        }

        _channel.End(new WorkerGoneException("The test host stopped."));
        await _server.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static TypedData ToTypedData(HostTypedData value) => value switch
    {
        { Json: { } json } => new TypedData { Json = json },
        { String: { } text } => new TypedData { String = text },
        { Bytes: { } bytes } => new TypedData { Bytes = ByteString.CopyFrom(bytes) },
        _ => new TypedData(),
    };

    private (WorkerFunction Function, RouteValueDictionary Values)? Match(string path, HttpMethod method)
    {
        var prefix = "/" + _routePrefix.Trim('/');
        if (!path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = new PathString(path[prefix.Length..]);
        foreach (var function in Functions.Values.Where(f => f.Trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase)))
        {
            var methods = function.Trigger.ListProperty("methods");
            if (methods is not null && !methods.Contains(method.Method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var template = TemplateParser.Parse(function.Trigger.Property("route") ?? function.Name);
            var values = new RouteValueDictionary();
            if (new TemplateMatcher(template, new RouteValueDictionary()).TryMatch(rest, values))
            {
                return (function, values);
            }
        }

        return null;
    }

    private static async Task<WebApplication> StartServerAsync(WorkerChannel channel, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(channel);
        var app = builder.Build();
        app.MapGrpcService<WorkerChannel>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static Process StartProcess(WorkerTestHostOptions options, int port, WorkerLogs logs)
    {
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = options.AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The arguments the host's DotNetIsolated worker provider passes: the legacy names and the functions-* names.
        foreach (var argument in (string[])[
            Path.Combine(options.AppDirectory, options.AppAssembly),
            "--host", "127.0.0.1", "--port", $"{port}", "--workerId", workerId, "--requestId", requestId,
            "--grpcMaxMessageLength", $"{GrpcMaxMessageLength}",
            "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", $"{GrpcMaxMessageLength}"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = options.AppDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = options.AppDirectory;
        foreach (var (name, value) in options.Settings)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) logs.AddOutput("stdout", line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) logs.AddOutput("stderr", line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(TimeSpan StreamStarted, IReadOnlyDictionary<string, string> Capabilities, IReadOnlyList<WorkerFunction> Functions)> HandshakeAsync(
        WorkerChannel channel, string appDirectory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var started = await channel.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        var streamStarted = clock.Elapsed;

        var init = new WorkerInitRequest
        {
            HostVersion = "4.0.0-e2e-test-host",
            WorkerDirectory = appDirectory,
            FunctionAppDirectory = appDirectory,
        };
        var initResponse = (await channel.RequestAsync(
            new StreamingMessage { RequestId = started.WorkerId, WorkerInitRequest = init }, nameof(WorkerInitRequest), cancellationToken)
            .ConfigureAwait(false)).WorkerInitResponse;
        EnsureSuccess(initResponse.Result, "WorkerInitRequest");

        var metadata = (await channel.RequestAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } },
            nameof(FunctionsMetadataRequest), cancellationToken).ConfigureAwait(false)).FunctionMetadataResponse;
        EnsureSuccess(metadata.Result, "FunctionsMetadataRequest");

        var functions = new List<WorkerFunction>();
        var loads = new List<Task<StreamingMessage>>();
        foreach (var reported in metadata.FunctionMetadataResults)
        {
            var bindings = reported.RawBindings.Select(WorkerBinding.Parse).ToList();
            var load = reported.Clone();
            load.Bindings.Clear();
            foreach (var binding in bindings)
            {
                load.Bindings[binding.Name] = binding.ToBindingInfo();
            }

            if (string.IsNullOrEmpty(load.Directory))
            {
                load.Directory = appDirectory;
            }

            functions.Add(new WorkerFunction(load, bindings));
            loads.Add(channel.RequestAsync(
                new StreamingMessage
                {
                    RequestId = Guid.NewGuid().ToString(),
                    FunctionLoadRequest = new FunctionLoadRequest { FunctionId = load.FunctionId, Metadata = load },
                },
                WorkerChannel.LoadKey(load.FunctionId), cancellationToken));
        }

        foreach (var (function, answer) in functions.Zip(await Task.WhenAll(loads).ConfigureAwait(false)))
        {
            EnsureSuccess(answer.FunctionLoadResponse.Result, $"FunctionLoadRequest for {function.Name}");
        }

        return (streamStarted, initResponse.Capabilities.ToDictionary(), functions);
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new WorkerStartupException($"{step} failed: {result?.Exception?.Message ?? result?.Result ?? "no result"}", null, null, null);
        }
    }

    private static string RoutePrefix(string appDirectory)
    {
        var hostJson = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(hostJson));
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? "api"
            : "api";
    }

    private static async Task<int?> ExitCodeAsync(Process process)
    {
        // Give a failing start-up a moment to finish writing and exit, so its output is complete.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }
}

/// <summary>The worker did not reach the point where its functions are loaded.</summary>
public sealed class WorkerStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerStartupException(string message, int? exitCode, WorkerLogs? logs, Exception? innerException)
        : base(logs is null ? message : $"{message}{Environment.NewLine}Worker output:{Environment.NewLine}{logs.Describe()}", innerException)
    {
        ExitCode = exitCode;
        Logs = logs;
    }

    /// <summary>Creates the exception.</summary>
    public WorkerStartupException() : this("The worker did not start.", null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkerStartupException(string message) : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkerStartupException(string message, Exception innerException) : this(message, null, null, innerException)
    {
    }

    /// <summary>The process's exit code, when it exited.</summary>
    public int? ExitCode { get; }

    /// <summary>What the worker reported before it failed.</summary>
    public WorkerLogs? Logs { get; }
}

/// <summary>The worker answered an invocation with a failure.</summary>
public sealed class WorkerInvocationException : Exception
{
    /// <summary>Creates the exception from the worker's result.</summary>
    public WorkerInvocationException(StatusResult result)
        : base($"The invocation failed: {result?.Exception?.Type} {result?.Exception?.Message}")
    {
        Result = result;
    }

    /// <summary>Creates the exception.</summary>
    public WorkerInvocationException() : base("The invocation failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkerInvocationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkerInvocationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The worker's result, when there is one.</summary>
    public StatusResult? Result { get; }
}
