using Twin.Contracts;

namespace Twin.Grains.Tests.Infrastructure;

/// <summary>Fresh ids per test so tests sharing one cluster never see each other's twins.</summary>
public static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public static CommandContext Context(string? user = "test.user") => new(New("req"), New("corr"), user);
}

/// <summary>Waiting for something that arrives asynchronously (stream delivery) with a deadline and a message saying what.</summary>
public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, string waitingFor, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {waitingFor}.");
            }
            await Task.Delay(25);
        }
    }
}
