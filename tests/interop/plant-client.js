#!/usr/bin/env node
// A node-opcua client driven by JSON lines on stdin: the independent peer that Twin's OPC UA
// server is tested against (tests/Twin.Interop.Tests). One process serves a whole test, so the
// ~1 s node-opcua start-up is paid once.
//
// Usage: node plant-client.js <endpointUrl> [--pki <dir>] [--security <Policy>:<Mode>] [--user <name>:<password>]
//   --security Basic256Sha256:SignAndEncrypt (also Sign; Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss); default None
//   --user     log in with a user name instead of anonymously
//   --cert <pem> --key <pem>  use this application certificate and key instead of a created one
//   --strict   trust only what the PKI folder's trusted/ holds (CAs with their CRLs), never an unknown server
//
// Prints JSON lines on stdout:
//   {"event":"connected","endpoint":"..."}                    once the session is active
//   {"event":"error","message":"..."}                         then exits 1 when it cannot connect
//   {"id":1,"ok":true,...} / {"id":1,"ok":false,"error":"..."}   one answer per command
//   {"event":"change","subscriptionId":n,"nodeId":"...","value":...,"statusCode":"Good",...}
//   {"event":"connection_lost"} / {"event":"connection_reestablished"}
// Commands (one JSON object a line, "id" is echoed back):
//   {"id":1,"op":"browse","nodeId":"ns=0;i=85"}
//   {"id":2,"op":"read","nodeIds":["ns=2;s=Line1.Press3.GoodCount"]}
//   {"id":3,"op":"write","nodeId":"ns=2;s=Line1.Press3.WorkOrder","dataType":"String","value":"WO-1"}
//   {"id":4,"op":"subscribe","nodeIds":[...],"publishingInterval":100,"samplingInterval":0,"queueSize":10}
//   {"id":5,"op":"endpoints"}
//   {"id":6,"op":"close"}                                       closes the session and exits 0
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const readline = require("readline");
const {
    OPCUAClient,
    OPCUACertificateManager,
    ClientSubscription,
    ClientMonitoredItem,
    AttributeIds,
    TimestampsToReturn,
    DataType,
    NodeClass,
    MessageSecurityMode,
    SecurityPolicy,
    BrowseDirection,
    UserTokenType,
} = require("node-opcua");

function parseArguments(argv) {
    const rest = argv.slice(2);
    const options = { endpoint: null, pki: null, policy: "None", mode: "None", user: null, cert: null, key: null, strict: false };
    for (let i = 0; i < rest.length; i++) {
        if (rest[i] === "--pki") options.pki = rest[++i];
        else if (rest[i] === "--cert") options.cert = rest[++i];
        else if (rest[i] === "--key") options.key = rest[++i];
        else if (rest[i] === "--strict") options.strict = true;
        else if (rest[i] === "--security") {
            const [policy, mode] = rest[++i].split(":");
            if (SecurityPolicy[policy] === undefined) throw new Error(`unknown security policy '${policy}'`);
            options.policy = policy;
            options.mode = policy === "None" ? "None" : mode;
            if (MessageSecurityMode[options.mode] === undefined) throw new Error(`unknown security mode '${mode}'`);
        } else if (rest[i] === "--user") {
            const text = rest[++i];
            const colon = text.indexOf(":");
            options.user = { userName: text.slice(0, colon), password: text.slice(colon + 1) };
        }
        else if (options.endpoint === null) options.endpoint = rest[i];
        else throw new Error(`unknown argument '${rest[i]}'`);
    }
    if (!options.endpoint) throw new Error("usage: node plant-client.js <endpointUrl> [--pki <dir>]");
    return options;
}

function stdinIsPipe() {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
}

function print(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
}

// Int64 and UInt64 arrive from node-opcua as [high, low] pairs.
function int64ToString(pair, signed) {
    const value = (BigInt(pair[0] >>> 0) << 32n) | BigInt(pair[1] >>> 0);
    return (signed ? BigInt.asIntN(64, value) : value).toString();
}

function jsonValue(value, dataType) {
    if (value === null || value === undefined) return null;
    if (dataType === DataType.Int64 || dataType === DataType.UInt64) {
        const signed = dataType === DataType.Int64;
        if (Array.isArray(value) && Array.isArray(value[0])) return value.map((v) => int64ToString(v, signed));
        if (Array.isArray(value)) return int64ToString(value, signed);
    }
    if (Buffer.isBuffer(value)) return { base64: value.toString("base64") };
    if (value instanceof Date) return value.toISOString();
    if (ArrayBuffer.isView(value)) return Array.from(value);
    if (Array.isArray(value)) return value.map((v) => jsonValue(v, dataType));
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "object") {
        const kind = value.constructor && value.constructor.name;
        if (kind === "LocalizedText") return { locale: value.locale ?? null, text: value.text ?? null };
        if (kind === "QualifiedName" || kind === "NodeId" || kind === "ExpandedNodeId") return value.toString();
        if (typeof value.name === "string" && typeof value.value === "number") return value.name; // StatusCode
    }
    return value;
}

function jsonDataValue(nodeId, dataValue) {
    const variant = dataValue.value;
    return {
        nodeId,
        value: variant ? jsonValue(variant.value, variant.dataType) : null,
        dataType: variant ? DataType[variant.dataType] : null,
        statusCode: dataValue.statusCode.name,
        statusCodeValue: dataValue.statusCode.value >>> 0,
        sourceTimestamp: dataValue.sourceTimestamp ? dataValue.sourceTimestamp.toISOString() : null,
        serverTimestamp: dataValue.serverTimestamp ? dataValue.serverTimestamp.toISOString() : null,
    };
}

function writeValue(dataTypeName, value) {
    const dataType = DataType[dataTypeName];
    if (dataType === undefined) throw new Error(`unknown data type '${dataTypeName}'`);
    if (dataType === DataType.Int64 || dataType === DataType.UInt64) {
        const big = BigInt.asUintN(64, BigInt(value));
        return { dataType, value: [Number(big >> 32n), Number(big & 0xffffffffn)] };
    }
    if (dataType === DataType.DateTime) return { dataType, value: new Date(value) };
    return { dataType, value };
}

async function main() {
    const options = parseArguments(process.argv);
    // Certificates go to a temp folder, never under the home folder.
    const pkiRoot = options.pki ?? fs.mkdtempSync(path.join(os.tmpdir(), "twin-interop-client-pki-"));
    const removePki = options.pki === null;
    const cleanup = () => {
        if (removePki) fs.rmSync(pkiRoot, { recursive: true, force: true });
    };

    const client = OPCUAClient.create({
        applicationName: "TwinInteropClient",
        endpointMustExist: false,
        securityMode: MessageSecurityMode[options.mode],
        securityPolicy: SecurityPolicy[options.policy],
        clientCertificateManager: new OPCUACertificateManager({ rootFolder: pkiRoot, automaticallyAcceptUnknownCertificate: !options.strict }),
        ...(options.cert ? { certificateFile: options.cert, privateKeyFile: options.key } : {}),
        connectionStrategy: { maxRetry: 2, initialDelay: 200, maxDelay: 1000 },
        requestedSessionTimeout: 60000,
    });
    client.on("connection_lost", () => print({ event: "connection_lost" }));
    client.on("connection_reestablished", () => print({ event: "connection_reestablished" }));

    let session;
    try {
        await client.connect(options.endpoint);
        session = await client.createSession(options.user
            ? { type: UserTokenType.UserName, userName: options.user.userName, password: options.user.password }
            : undefined);
    } catch (err) {
        print({ event: "error", message: err.message });
        cleanup();
        process.exit(1);
    }
    print({ event: "connected", endpoint: options.endpoint });

    const subscriptions = [];
    const handlers = {
        async browse(cmd) {
            const result = await session.browse({
                nodeId: cmd.nodeId,
                browseDirection: BrowseDirection.Forward,
                includeSubtypes: true,
                resultMask: 0x3f,
            });
            return {
                statusCode: result.statusCode.name,
                references: (result.references ?? []).map((r) => ({
                    nodeId: r.nodeId.toString(),
                    browseName: r.browseName.toString(),
                    displayName: r.displayName.text,
                    nodeClass: NodeClass[r.nodeClass],
                })),
            };
        },
        async read(cmd) {
            const dataValues = await session.read(cmd.nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
            return { values: dataValues.map((dv, i) => jsonDataValue(cmd.nodeIds[i], dv)) };
        },
        async write(cmd) {
            const statusCode = await session.write({
                nodeId: cmd.nodeId,
                attributeId: AttributeIds.Value,
                value: { value: writeValue(cmd.dataType, cmd.value) },
            });
            return { statusCode: statusCode.name, statusCodeValue: statusCode.value >>> 0 };
        },
        async subscribe(cmd) {
            const subscription = await session.createSubscription2({
                requestedPublishingInterval: cmd.publishingInterval ?? 100,
                requestedLifetimeCount: 600,
                requestedMaxKeepAliveCount: 10,
                maxNotificationsPerPublish: 0,
                publishingEnabled: true,
                priority: 1,
            });
            subscriptions.push(subscription);
            const items = [];
            for (const nodeId of cmd.nodeIds) {
                const item = await ClientMonitoredItem.create(
                    subscription,
                    { nodeId, attributeId: AttributeIds.Value },
                    { samplingInterval: cmd.samplingInterval ?? 0, discardOldest: true, queueSize: cmd.queueSize ?? 10 },
                    TimestampsToReturn.Both,
                );
                item.on("changed", (dataValue) =>
                    print({ event: "change", subscriptionId: subscription.subscriptionId, ...jsonDataValue(nodeId, dataValue) }));
                item.on("err", (message) => print({ event: "item_error", nodeId, message: String(message) }));
                items.push(item);
            }
            return { subscriptionId: subscription.subscriptionId, revisedPublishingInterval: subscription.publishingInterval };
        },
        async endpoints() {
            const endpoints = await client.getEndpoints();
            return {
                endpoints: endpoints.map((e) => ({
                    endpointUrl: e.endpointUrl,
                    securityPolicyUri: e.securityPolicyUri,
                    securityMode: MessageSecurityMode[e.securityMode],
                    userTokenTypes: (e.userIdentityTokens ?? []).map((t) => t.tokenType),
                })),
            };
        },
    };

    const close = async (code) => {
        for (const s of subscriptions) {
            await s.terminate().catch((err) => print({ event: "warning", message: `terminate subscription: ${err.message}` }));
        }
        await session.close().catch((err) => print({ event: "warning", message: `close session: ${err.message}` }));
        await client.disconnect();
        cleanup();
        process.exit(code);
    };

    const rl = readline.createInterface({ input: process.stdin });
    rl.on("line", async (line) => {
        if (line.trim() === "") return;
        let cmd;
        try {
            cmd = JSON.parse(line);
        } catch (err) {
            print({ ok: false, error: `not JSON: ${err.message}` });
            return;
        }
        if (cmd.op === "close") {
            print({ id: cmd.id, ok: true });
            await close(0);
            return;
        }
        const handler = handlers[cmd.op];
        if (!handler) {
            print({ id: cmd.id, ok: false, error: `unknown op '${cmd.op}'` });
            return;
        }
        try {
            print({ id: cmd.id, ok: true, ...(await handler(cmd)) });
        } catch (err) {
            print({ id: cmd.id, ok: false, error: err.message });
        }
    });
    // Started through a pipe (by a test): when the test process goes away, so do we, instead of
    // lingering as an orphan that holds the port. From a terminal or /dev/null, keep running.
    if (stdinIsPipe()) rl.on("close", () => close(0));
    process.on("SIGTERM", () => close(0));
}

main().catch((err) => {
    print({ event: "error", message: err.message });
    process.exit(1);
});
