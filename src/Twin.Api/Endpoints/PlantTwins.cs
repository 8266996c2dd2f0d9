using Twin.Api.Errors;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>
/// Finds a twin and checks it belongs to the plant in the URL. Grain ids are unique across plants, so
/// without this check /plants/A/lots/L-1 would show plant B's lot; with it, that is a 404 like any unknown id.
/// </summary>
internal static class PlantTwins
{
    public static async Task<MachineSnapshot> Machine(IGrainFactory grains, string plant, string id) =>
        InPlant(await grains.GetGrain<IMachineGrain>(id).GetSnapshot(), s => s.Plant, TwinKind.Machine, plant, id);

    public static async Task<WorkOrderSnapshot> WorkOrder(IGrainFactory grains, string plant, string id) =>
        InPlant(await grains.GetGrain<IWorkOrderGrain>(id).GetSnapshot(), s => s.Plant, TwinKind.WorkOrder, plant, id);

    public static async Task<LotSnapshot> Lot(IGrainFactory grains, string plant, string id) =>
        InPlant(await grains.GetGrain<ILotGrain>(id).GetSnapshot(), s => s.Plant, TwinKind.Lot, plant, id);

    public static async Task<LocationSnapshot> Location(IGrainFactory grains, string plant, string id) =>
        InPlant(await grains.GetGrain<IWarehouseLocationGrain>(id).GetSnapshot(), s => s.Plant, TwinKind.Location, plant, id);

    private static T InPlant<T>(T? snapshot, Func<T, string> plantOf, TwinKind kind, string plant, string id) where T : class =>
        snapshot is not null && string.Equals(plantOf(snapshot), plant, StringComparison.Ordinal)
            ? snapshot
            : throw new ApiProblemException(TwinErrorMapping.NotFound(kind, plant, id));
}
