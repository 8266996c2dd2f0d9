namespace Twin.Demo;

/// <summary>The demo's console voice: time, who, what.</summary>
internal static class Say
{
    private static readonly Lock Gate = new();

    public static void Line(string who, string what)
    {
        lock (Gate)
        {
            Console.WriteLine($"{DateTime.Now:HH:mm:ss}  {who,-10} {what}");
        }
    }
}
