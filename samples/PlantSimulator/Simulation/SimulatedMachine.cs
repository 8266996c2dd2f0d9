namespace PlantSimulator.Simulation;

/// <summary>
/// One machine on the simulated shop floor. It cycles through running, idle, down and setup
/// spells; while running it makes one part per cycle time, some of them scrap; when the work
/// order's quantity is made it is set up for the next one. Temperature follows the state and
/// speed jitters around its nominal value, so analog signals change on every step.
/// </summary>
/// <remarks>
/// Everything random comes from the machine's own seeded generator, so a machine behaves the same
/// for the same seed and the same sequence of steps, whatever the size of the plant around it.
/// </remarks>
public sealed class SimulatedMachine
{
    private readonly Random _random;
    private readonly MachineBehaviour _behaviour;
    private TimeSpan _stateLeft;
    private TimeSpan _cycleProgress;
    private int _workOrderSequence;

    public SimulatedMachine(string line, MachineKind kind, int number, int seed, MachineBehaviour behaviour, uint counterStart = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        Line = line;
        Kind = kind;
        Name = $"{kind.Name}{number}";
        Id = $"{kind.Name.ToLowerInvariant()}-{number}";
        _behaviour = behaviour;
        _random = new Random(seed);
        GoodCount = counterStart;
        ScrapCount = counterStart;

        // Machines start part-way into a run spell and a cycle, so they do not all produce in lockstep.
        Status = MachineStatus.Running;
        _stateLeft = Draw(behaviour.MeanRunSpell);
        _cycleProgress = kind.CycleTime * _random.NextDouble();
        StartNextWorkOrder();
        Temperature = Round(behaviour.AmbientTemperature + ((kind.RunningTemperature - behaviour.AmbientTemperature) * (0.8 + (0.2 * _random.NextDouble()))), 2);
        Speed = JitteredSpeed();
    }

    /// <summary>Plant-wide machine id as the twins know it, e.g. "press-3".</summary>
    public string Id { get; }

    /// <summary>The production line, e.g. "Line1".</summary>
    public string Line { get; }

    /// <summary>Name within the line, e.g. "Press3".</summary>
    public string Name { get; }

    /// <summary>Browse path of the machine's folder, e.g. "Line1.Press3"; node ids are this plus ".Signal".</summary>
    public string Path => $"{Line}.{Name}";

    public MachineKind Kind { get; }

    public MachineStatus Status { get; private set; }

    public bool Running => Status == MachineStatus.Running;

    public uint GoodCount { get; private set; }

    public uint ScrapCount { get; private set; }

    public double Temperature { get; private set; }

    public double Speed { get; private set; }

    public string WorkOrder { get; private set; } = "";

    /// <summary>Parts the current work order asks for.</summary>
    public int WorkOrderQuantity { get; private set; }

    /// <summary>Good parts made on the current work order so far.</summary>
    public int MadeOnWorkOrder { get; private set; }

    /// <summary>Moves the machine <paramref name="elapsed"/> forward and says which signals changed.</summary>
    public MachineSignal Advance(TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        var changed = MachineSignal.None;
        var left = elapsed;
        while (left > TimeSpan.Zero)
        {
            // Step to the next event: the end of the spell or, while running, the end of a cycle.
            var step = left < _stateLeft ? left : _stateLeft;
            if (Status == MachineStatus.Running)
            {
                var toPart = Kind.CycleTime - _cycleProgress;
                step = step < toPart ? step : toPart;
                _cycleProgress += step;
            }

            left -= step;
            _stateLeft -= step;
            if (Status == MachineStatus.Running && _cycleProgress >= Kind.CycleTime)
            {
                _cycleProgress = TimeSpan.Zero;
                changed |= MakePart();
            }

            if (_stateLeft <= TimeSpan.Zero)
            {
                changed |= EndSpell();
            }
        }

        return changed | FollowAnalogs(elapsed);
    }

    /// <summary>
    /// Downloads a work order to the machine, as an MES would by writing the WorkOrder tag: the
    /// machine counts towards it from now on. The quantity stays that of the order it replaces.
    /// </summary>
    public void AssignWorkOrder(string workOrder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workOrder);
        WorkOrder = workOrder;
        MadeOnWorkOrder = 0;
    }

    /// <summary>Reads one signal's current value as the OPC UA variable carries it.</summary>
    public object Value(MachineSignal signal) => signal switch
    {
        MachineSignal.GoodCount => GoodCount,
        MachineSignal.ScrapCount => ScrapCount,
        MachineSignal.Temperature => Temperature,
        MachineSignal.Speed => Speed,
        MachineSignal.Status => Status.ToString(),
        MachineSignal.Running => Running,
        MachineSignal.WorkOrder => WorkOrder,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Pass exactly one signal."),
    };

    private MachineSignal MakePart()
    {
        if (_random.NextDouble() < Kind.ScrapRate)
        {
            ScrapCount = unchecked(ScrapCount + 1); // a PLC counter wraps; ingest must treat that as a rollover
            return MachineSignal.ScrapCount;
        }

        GoodCount = unchecked(GoodCount + 1);
        MadeOnWorkOrder++;
        if (MadeOnWorkOrder < WorkOrderQuantity)
        {
            return MachineSignal.GoodCount;
        }

        // Order complete: change over for the next one.
        return MachineSignal.GoodCount | Enter(MachineStatus.Setup, _behaviour.MeanSetupSpell);
    }

    private MachineSignal EndSpell() => Status switch
    {
        MachineStatus.Running when _random.NextDouble() < _behaviour.BreakdownShare => Enter(MachineStatus.Down, _behaviour.MeanDownSpell),
        MachineStatus.Running => Enter(MachineStatus.Idle, _behaviour.MeanIdleSpell),
        MachineStatus.Setup => StartNextWorkOrder() | Enter(MachineStatus.Running, _behaviour.MeanRunSpell),
        _ => Enter(MachineStatus.Running, _behaviour.MeanRunSpell),
    };

    private MachineSignal Enter(MachineStatus status, TimeSpan meanSpell)
    {
        var wasRunning = Running;
        Status = status;
        _stateLeft = Draw(meanSpell);
        return MachineSignal.Status | (wasRunning != Running ? MachineSignal.Running : MachineSignal.None);
    }

    private MachineSignal StartNextWorkOrder()
    {
        _workOrderSequence++;
        WorkOrder = $"WO-{Id}-{_workOrderSequence:0000}";
        WorkOrderQuantity = _random.Next(_behaviour.MinWorkOrderQuantity, _behaviour.MaxWorkOrderQuantity + 1);
        MadeOnWorkOrder = 0;
        return MachineSignal.WorkOrder;
    }

    private MachineSignal FollowAnalogs(TimeSpan elapsed)
    {
        var changed = MachineSignal.None;
        var target = Running ? Kind.RunningTemperature : _behaviour.AmbientTemperature;
        var approach = 1 - Math.Exp(-elapsed / _behaviour.ThermalTimeConstant);
        var noise = (_random.NextDouble() - 0.5) * 0.1;
        var temperature = Round(Temperature + ((target - Temperature) * approach) + noise, 2);
        if (temperature != Temperature)
        {
            Temperature = temperature;
            changed |= MachineSignal.Temperature;
        }

        var speed = Running ? JitteredSpeed() : 0;
        if (speed != Speed)
        {
            Speed = speed;
            changed |= MachineSignal.Speed;
        }

        return changed;
    }

    private double JitteredSpeed() => Round(Kind.NominalSpeed * (1 + ((_random.NextDouble() - 0.5) * 0.02)), 1);

    /// <summary>An exponentially distributed spell length, at least one second.</summary>
    private TimeSpan Draw(TimeSpan mean)
    {
        var spell = -mean.TotalSeconds * Math.Log(1 - _random.NextDouble());
        return TimeSpan.FromSeconds(Math.Max(1, spell));
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
