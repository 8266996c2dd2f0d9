using System.Net;
using System.Net.Sockets;

namespace Twin.Grains.Webhooks;

/// <summary>
/// Which receivers the silo may call. A webhook makes the silo send requests to a URL an admin typed; without a
/// check that is a way into the plant network (PLCs, databases) or the cloud's metadata service. So receivers must
/// be https on public addresses unless <see cref="WebhookOptions.AllowPrivateAddresses"/> / <see cref="WebhookOptions.AllowHttp"/>
/// say otherwise. Checked when registering (the host name is resolved) and again on every connection, so a name
/// that later resolves to a private address (DNS rebinding) is refused too.
/// </summary>
public static class WebhookAddressPolicy
{
    /// <summary>Why <paramref name="url"/> is refused as a receiver (URL form and scheme), or null.</summary>
    public static string? UrlProblem(string? url, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"url '{url}' is not an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
        {
            return uri.Scheme == Uri.UriSchemeHttp
                ? $"url '{url}' is http; receivers must use https (Twin:Webhooks:AllowHttp allows http, for tests and closed networks)."
                : $"url '{url}' has scheme '{uri.Scheme}'; receivers must use https.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "url carries a user name or password; receivers authenticate messages by their signature, and the URL is shown to every admin.";
        }

        return url.Length > 2_000 ? "url is longer than 2000 characters." : null;
    }

    /// <summary>Why the receiver's host is refused (a private address, or a name that does not resolve), or null.</summary>
    public static async Task<string?> HostProblemAsync(Uri uri, WebhookOptions options, CancellationToken cancellationToken)
    {
        if (options.AllowPrivateAddresses)
        {
            return null;
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
            }
            catch (SocketException e)
            {
                return $"host '{uri.Host}' does not resolve ({e.SocketErrorCode}).";
            }
        }

        return addresses.FirstOrDefault(IsPrivate) is { } refused
            ? $"host '{uri.Host}' is on a private or loopback address ({refused}); receivers must be on public addresses unless Twin:Webhooks:AllowPrivateAddresses is set."
            : null;
    }

    /// <summary>True for addresses that are not on the public internet: loopback, private, link-local, CGNAT, multicast, unspecified, unique-local.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || b[0] >= 224
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }

        var bytes = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC;
    }
}
