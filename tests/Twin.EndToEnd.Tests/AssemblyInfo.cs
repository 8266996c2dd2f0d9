// The suites start real processes (silo, ERP simulator, node-opcua); on 2 cores they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
