using Twin.Erp.Diagnostics;

namespace Twin.Erp.Tests.Diagnostics;

public sealed class ReceiverTextTests
{
    [Theory]
    [InlineData("echo: Authorization: Bearer abc.def-123", "abc.def-123")]
    [InlineData("""{"headers":{"authorization":"Basic dXNlcjpwYXNz"}}""", "dXNlcjpwYXNz")]
    [InlineData("""{"client_secret":"s3cr3t-value","grant_type":"client_credentials"}""", "s3cr3t-value")]
    [InlineData("login failed for password=hunter22&user=erp", "hunter22")]
    [InlineData("X-CSRF-Token: Qx7s9Kk2== required", "Qx7s9Kk2==")]
    [InlineData("Set-Cookie: SAP_SESSIONID_S4H_100=AbCdEf123; path=/", "AbCdEf123")]
    [InlineData("could not reach https://svc:Pa55word@erp.example/api", "Pa55word")]
    [InlineData("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl expired", "eyJzdWIiOiIxMjM0NTY3ODkwIn0")]
    public void Credentials_shaped_text_is_redacted(string text, string secret)
    {
        var cleaned = ReceiverText.Clean(text);

        Assert.DoesNotContain(secret, cleaned, StringComparison.Ordinal);
        Assert.Contains(ReceiverText.Redacted, cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void The_values_we_sent_are_redacted_wherever_they_appear_and_the_reason_stays_readable()
    {
        var cleaned = ReceiverText.Clean("Order 1000123 is locked by user PLANT42 (you sent key plant-42-secret)", ["ApiKey plant-42-secret"]);

        Assert.Equal("Order 1000123 is locked by user PLANT42 (you sent key [redacted])", cleaned);
    }

    [Fact]
    public void Line_breaks_are_flattened_and_the_length_is_bounded()
    {
        var cleaned = ReceiverText.Clean("first line\r\nERROR forged log line\n" + new string('x', 100_000), maxLength: 200);

        Assert.DoesNotContain('\n', cleaned);
        Assert.DoesNotContain('\r', cleaned);
        Assert.Equal(201, cleaned.Length);
        Assert.EndsWith("…", cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_null_are_empty() => Assert.Equal((string.Empty, string.Empty), (ReceiverText.Clean(null), ReceiverText.Clean("")));
}
