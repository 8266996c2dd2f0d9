using Microsoft.Extensions.Logging;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

public sealed partial class OpcUaClient
{
    private void OnChannelClosed(ClientSecureChannel channel, Exception? reason)
    {
        if (!ReferenceEquals(channel, _channel) || _lifetime.IsCancellationRequested || State is not ConnectionState.Connected)
        {
            // Closed while connecting or reconnecting: that attempt fails and is retried; the watchdog
            // catches a channel that died between a successful attempt and the state change.
            return;
        }

        BeginReconnect(reason);
    }

    private void BeginReconnect(Exception? reason)
    {
        if (Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            _ = Task.Run(() => ReconnectLoopAsync(reason), CancellationToken.None);
        }
    }

    private async Task ReconnectLoopAsync(Exception? reason)
    {
        SetState(ConnectionState.Reconnecting, reason?.Message ?? "connection lost", reason switch
        {
            ServiceResultException s => s.Status,
            // A chunk the channel refused (bad signature, hostile size …): the health shows why, not just "closed".
            OpcUaProtocolException p => p.Status,
            _ => StatusCode.BadConnectionClosed,
        }, reason);
        var delay = _options.ReconnectMinDelay;
        var unreachable = false;
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                // Jitter keeps many clients from hammering a restarted server in lockstep.
                var jittered = delay * (0.8 + Random.Shared.NextDouble() * 0.4);
                if (await WaitBeforeReconnectAsync(jittered, probe: unreachable).ConfigureAwait(false))
                {
                    // The endpoint answers again: the backoff was for a server that was away, not for this one.
                    delay = _options.ReconnectMinDelay;
                }

                try
                {
                    await EstablishAsync(reconnect: true, _lifetime.Token).ConfigureAwait(false);
                    ReconnectCount++;
                    SetState(ConnectionState.Connected, $"reconnected; session {SessionId}", StatusCode.Good, null);
                    return;
                }
                catch (Exception ex) when (ex is ServiceResultException or OpcUaProtocolException or IOException)
                {
                    // Only "cannot reach it" is worth probing for; a server that answers and refuses keeps the backoff.
                    unreachable = ex is ServiceResultException sre && sre.Status == StatusCode.BadNotConnected;
                    delay = TimeSpan.FromTicks(Math.Min(_options.ReconnectMaxDelay.Ticks, Math.Max(delay.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks)));
                    _logger.LogInformation("Reconnect to {Endpoint} failed: {Reason}; next try in {Delay}{Probe}", _options.EndpointUrl, ex.Message, delay,
                        unreachable ? " or as soon as it accepts connections" : "");
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Client disposed while reconnecting.
        }
        finally
        {
            Interlocked.Exchange(ref _reconnecting, 0);
        }
    }

    /// <summary>
    /// Waits <paramref name="delay"/>; with <paramref name="probe"/>, checks every <see cref="OpcUaClientOptions.ReconnectProbeInterval"/>
    /// whether the endpoint accepts connections again and stops waiting as soon as it does (returns true then).
    /// </summary>
    private async Task<bool> WaitBeforeReconnectAsync(TimeSpan delay, bool probe)
    {
        var interval = _options.ReconnectProbeInterval;
        if (!probe || delay <= interval)
        {
            await Task.Delay(delay, _time, _lifetime.Token).ConfigureAwait(false);
            return false;
        }

        var address = Channel.EndpointAddress.Parse(_options.EndpointUrl);
        var started = _time.GetTimestamp();
        while (true)
        {
            var left = delay - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(left < interval ? left : interval, _time, _lifetime.Token).ConfigureAwait(false);
            if (await EndpointProbe.AnswersAsync(address, interval, _lifetime.Token).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Checks the connection when nothing has arrived for a keep-alive interval: a Read of the
    /// server state that does not answer within the keep-alive timeout means the connection is dead.
    /// </summary>
    private async Task WatchdogLoopAsync()
    {
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                await Task.Delay(_options.KeepAliveInterval / 2, _time, _lifetime.Token).ConfigureAwait(false);
                var channel = _channel;
                if (State != ConnectionState.Connected)
                {
                    continue;
                }

                if (channel is not { IsOpen: true })
                {
                    BeginReconnect(new ServiceResultException(StatusCode.BadConnectionClosed, "the connection closed while the client was connecting"));
                    continue;
                }

                var silent = _time.GetElapsedTime(Interlocked.Read(ref _lastReceivedTicks));
                if (silent < _options.KeepAliveInterval)
                {
                    continue;
                }

                try
                {
                    var request = new ReadRequest { RequestHeader = Header(_options.KeepAliveTimeout), NodesToRead = [new ReadValueId { NodeId = WellKnownNodes.ServerStatusState }] };
                    await channel.SendRequestAsync(request, ReadResponse.EncodingId, ReadResponse.Decode, _options.KeepAliveTimeout, _lifetime.Token).ConfigureAwait(false);
                    MarkAlive();
                }
                catch (ServiceResultException ex) when (channel.IsOpen)
                {
                    _logger.LogWarning("Keep-alive to {Endpoint} failed ({Reason}); reconnecting", _options.EndpointUrl, ex.Message);
                    channel.Abort($"keep-alive failed after {silent.TotalSeconds:0.#} s of silence: {ex.Message}");
                }
                catch (ServiceResultException)
                {
                    // The channel closed during the check; the close handler reconnects.
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Client disposed.
        }
    }
}
