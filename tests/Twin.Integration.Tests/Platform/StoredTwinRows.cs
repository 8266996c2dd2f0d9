using Npgsql;

namespace Twin.Integration.Tests.Platform;

/// <summary>What a twin occupies on PostgreSQL: its state row's payload and its journal rows (schema 0006) by stream.</summary>
internal static class StoredTwinRows
{
    /// <summary>State payload bytes, ledger rows (stream 0) and history rows (stream 1) of the twin whose grain id ends with <paramref name="id"/>.</summary>
    public static async Task<(int StateBytes, long Outcomes, long Lines)> ReadAsync(string connectionString, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT octet_length(s.payload), " +
            "(SELECT count(*) FROM twin_grain_journal j WHERE j.grain_id = s.grain_id AND j.state_name = s.state_name AND j.stream = 0), " +
            "(SELECT count(*) FROM twin_grain_journal j WHERE j.grain_id = s.grain_id AND j.state_name = s.state_name AND j.stream = 1) " +
            "FROM twin_grain_state s WHERE s.grain_id LIKE '%' || $1", connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"the state row of {id} is missing");
        return (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
