using System.Buffers.Binary;

namespace Twin.Interop.Tests.Network;

/// <summary>
/// Reads just enough of an unencrypted (SecurityPolicy None) PublishResponse chunk to tell a
/// keep-alive from a message carrying notifications, and its sequence number. Part 4 §5.13.5 and
/// Part 6 §5.2; anything it does not expect makes it answer "unknown" rather than guess.
/// </summary>
internal static class PublishResponsePeek
{
    /// <summary>Binary encoding id of PublishResponse (Part 6, NodeIds list).</summary>
    public const ushort EncodingId = 829;

    /// <summary>The response's NotificationMessage: sequence number and how many NotificationData it has.</summary>
    public readonly record struct Peeked(uint SequenceNumber, int NotificationDataCount);

    /// <summary>True when the first chunk of a MSG carries a PublishResponse.</summary>
    public static bool IsPublishResponse(ReadOnlySpan<byte> chunk) =>
        chunk.Length >= 28 && chunk[24] == 0x01 && chunk[25] == 0 &&
        BinaryPrimitives.ReadUInt16LittleEndian(chunk[26..]) == EncodingId;

    /// <summary>Peeks into the first chunk of a PublishResponse; null when its layout is not the plain one.</summary>
    public static Peeked? TryPeek(ReadOnlySpan<byte> chunk)
    {
        if (!IsPublishResponse(chunk))
        {
            return null;
        }

        // MSG header(8) channel(4) token(4) sequence(4) request(4) type id(4), then the ResponseHeader.
        var p = 28 + 8 + 4 + 4; // timestamp, request handle, service result
        if (!Has(chunk, p, 1) || chunk[p] != 0)
        {
            return null; // ServiceDiagnostics present: not the plain layout
        }

        p += 1;
        if (!Has(chunk, p, 4))
        {
            return null;
        }

        var strings = BinaryPrimitives.ReadInt32LittleEndian(chunk[p..]);
        p += 4;
        for (var i = 0; i < strings; i++)
        {
            if (!Has(chunk, p, 4))
            {
                return null;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(chunk[p..]);
            p += 4 + Math.Max(length, 0);
        }

        // AdditionalHeader: ExtensionObject with a two- or four-byte type id.
        if (!Has(chunk, p, 1))
        {
            return null;
        }

        p += chunk[p] switch { 0x00 => 2, 0x01 => 4, _ => int.MinValue / 2 };
        if (p < 0 || !Has(chunk, p, 1))
        {
            return null;
        }

        var bodyEncoding = chunk[p++];
        if (bodyEncoding == 0x01)
        {
            if (!Has(chunk, p, 4))
            {
                return null;
            }

            p += 4 + BinaryPrimitives.ReadInt32LittleEndian(chunk[p..]);
        }
        else if (bodyEncoding != 0x00)
        {
            return null;
        }

        p += 4; // SubscriptionId
        if (!Has(chunk, p, 4))
        {
            return null;
        }

        var available = BinaryPrimitives.ReadInt32LittleEndian(chunk[p..]);
        p += 4 + (4 * Math.Max(available, 0)) + 1; // AvailableSequenceNumbers, MoreNotifications
        if (!Has(chunk, p, 4 + 8 + 4))
        {
            return null;
        }

        var sequenceNumber = BinaryPrimitives.ReadUInt32LittleEndian(chunk[p..]);
        var notificationData = BinaryPrimitives.ReadInt32LittleEndian(chunk[(p + 12)..]);
        return new Peeked(sequenceNumber, Math.Max(notificationData, 0));
    }

    private static bool Has(ReadOnlySpan<byte> chunk, int position, int count) => position >= 0 && position + count <= chunk.Length;
}
