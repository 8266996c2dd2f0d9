#!/usr/bin/env node
// node-opcua's client under load, for tests/Twin.Benchmarks (scenario "opcua-client"): it subscribes to
// <count> Double variables ns=<ns>;s=<prefix><i> and counts every value change its application callback
// receives. The benchmark measures this process's CPU time from outside, exactly as it does for our
// client's process, so both sides are judged the same way.
//
// Usage: node bench/client-load.js <endpointUrl> <count> [--ns 1] [--prefix Load.] [--interval 100] [--security None|Policy:Mode]
// stdout: "READY <items>" once every item is monitored; then one line "COUNT <n>" per "mark" read on stdin.
// Exits when stdin closes (so a crashed benchmark leaves no orphan).
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const readline = require("readline");
const {
    OPCUAClient,
    OPCUACertificateManager,
    ClientSubscription,
    ClientMonitoredItemGroup,
    AttributeIds,
    TimestampsToReturn,
    MessageSecurityMode,
    SecurityPolicy,
} = require("node-opcua");

function parseArguments(argv) {
    const [endpoint, count, ...rest] = argv.slice(2);
    const options = { endpoint, count: Number(count), ns: 1, prefix: "Load.", interval: 100, security: "None" };
    for (let i = 0; i < rest.length; i += 2) {
        const name = rest[i].replace(/^--/, "");
        if (!(name in options)) throw new Error(`unknown option '${rest[i]}'`);
        options[name] = name === "prefix" || name === "security" ? rest[i + 1] : Number(rest[i + 1]);
    }
    if (!endpoint || !(options.count > 0)) {
        throw new Error("usage: node bench/client-load.js <endpointUrl> <count> [--ns 1] [--prefix Load.] [--interval 100]");
    }
    return options;
}

async function main() {
    const options = parseArguments(process.argv);
    const pkiRoot = fs.mkdtempSync(path.join(os.tmpdir(), "twin-bench-client-pki-"));
    const client = OPCUAClient.create({
        applicationName: "TwinBenchNodeOpcuaClient",
        endpointMustExist: false,
        securityMode: MessageSecurityMode[options.security.split(":")[1] ?? "None"],
        securityPolicy: SecurityPolicy[options.security.split(":")[0]],
        clientCertificateManager: new OPCUACertificateManager({ rootFolder: pkiRoot, automaticallyAcceptUnknownCertificate: true }),
        connectionStrategy: { maxRetry: 2, initialDelay: 200, maxDelay: 1000 },
        requestedSessionTimeout: 60000,
    });
    await client.connect(options.endpoint);
    const session = await client.createSession();
    const subscription = ClientSubscription.create(session, {
        requestedPublishingInterval: options.interval,
        requestedMaxKeepAliveCount: 10,
        requestedLifetimeCount: 100,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 0,
    });
    await new Promise((resolve, reject) => {
        subscription.once("started", resolve);
        subscription.once("error", reject);
    });

    let received = 0;
    const items = [];
    for (let i = 0; i < options.count; i++) {
        items.push({ nodeId: `ns=${options.ns};s=${options.prefix}${i}`, attributeId: AttributeIds.Value });
    }
    const group = ClientMonitoredItemGroup.create(
        subscription,
        items,
        { samplingInterval: options.interval, discardOldest: true, queueSize: 1 },
        TimestampsToReturn.Both
    );
    // The application callback: one call per value change, as a plant app would consume them.
    group.on("changed", (_item, dataValue) => {
        if (dataValue.value !== null) received++;
    });
    await new Promise((resolve, reject) => {
        group.once("initialized", resolve);
        group.once("err", (message) => reject(new Error(message)));
    });
    process.stdout.write(`READY ${options.count}\n`);

    const input = readline.createInterface({ input: process.stdin });
    input.on("line", (line) => {
        if (line.trim() === "mark") process.stdout.write(`COUNT ${received}\n`);
    });
    input.on("close", async () => {
        try {
            await subscription.terminate();
            await session.close();
            await client.disconnect();
        } finally {
            fs.rmSync(pkiRoot, { recursive: true, force: true });
            process.exit(0);
        }
    });
}

main().catch((err) => {
    process.stderr.write(`client-load failed: ${err.stack || err.message}\n`);
    process.exit(1);
});
