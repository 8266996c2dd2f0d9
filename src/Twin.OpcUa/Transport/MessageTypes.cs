namespace Twin.OpcUa.Transport;

/// <summary>UA TCP message type codes: three ASCII bytes read as a little-endian number (Part 6 §7.1.2.2).</summary>
internal static class MessageTypes
{
    public const uint Hello = 'H' | ('E' << 8) | ('L' << 16);
    public const uint Acknowledge = 'A' | ('C' << 8) | ('K' << 16);
    public const uint Error = 'E' | ('R' << 8) | ('R' << 16);
    public const uint ReverseHello = 'R' | ('H' << 8) | ('E' << 16);
    public const uint Open = 'O' | ('P' << 8) | ('N' << 16);
    public const uint Message = 'M' | ('S' << 8) | ('G' << 16);
    public const uint Close = 'C' | ('L' << 8) | ('O' << 16);

    public const byte Final = (byte)'F';
    public const byte Intermediate = (byte)'C';
    public const byte Abort = (byte)'A';

    public const int HeaderSize = 8;

    public static string Name(uint type) => type switch
    {
        Hello => "HEL",
        Acknowledge => "ACK",
        Error => "ERR",
        ReverseHello => "RHE",
        Open => "OPN",
        Message => "MSG",
        Close => "CLO",
        _ => $"0x{type:X6}",
    };
}
