#!/usr/bin/env node
// A node-opcua server with a small plant-like address space: the independent peer that
// Twin's OPC UA client is tested against (tests/Twin.Interop.Tests).
//
// Usage: node plant-server.js <port> [--rate <ms>] [--pki <dir>] [--start-count <n>] [--paused]
//                               [--secure] [--user <name>:<password>] [--cert <pem> --key <pem>]
//   --secure  also offer Basic256Sha256, Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss, Sign and SignAndEncrypt
//             (client certificates are accepted automatically: the PKI is a temp folder)
//   --user    accept this user name and password (anonymous stays allowed)
//   --cert, --key  present this application certificate (a PEM file may hold the chain: leaf, then its CAs)
//             and key instead of a created one — e.g. an expired or a CA-issued certificate
//
// Prints "READY <port>" on stdout once it accepts connections. Reads control commands from
// stdin, one per line, and answers each with "OK <command>" (or "ERR <command>: <reason>"):
//   pause | resume | rate <ms> | tick [n] |
//   set <Path> <value> [<StatusCodeName>]      e.g. set Line1.Press3.Temperature 81.5 UncertainLastUsableValue
//   read <Path>                                answers "VALUE <Path> <json>" before the OK line
//   subscriptions                              answers "VALUE subscriptions <live subscriptions, all sessions>"
//
// Node ids are strings in namespace 2: ns=2;s=Line1.Press3.GoodCount, so the same tag map works
// against this peer and against samples/PlantSimulator.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const readline = require("readline");
const {
    OPCUAServer,
    OPCUACertificateManager,
    DataType,
    Variant,
    VariantArrayType,
    StatusCodes,
    SecurityPolicy,
    MessageSecurityMode,
    LocalizedText,
    QualifiedName,
    coerceNodeId,
} = require("node-opcua");

function stdinIsPipe() {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
}

function parseArguments(argv) {
    const options = { port: NaN, rateMs: 100, pki: null, startCount: 0, paused: false, secure: false, user: null, cert: null, key: null };
    const rest = argv.slice(2);
    for (let i = 0; i < rest.length; i++) {
        const a = rest[i];
        if (a === "--rate") options.rateMs = Number(rest[++i]);
        else if (a === "--pki") options.pki = rest[++i];
        else if (a === "--start-count") options.startCount = Number(rest[++i]);
        else if (a === "--paused") options.paused = true;
        else if (a === "--secure") options.secure = true;
        else if (a === "--cert") options.cert = rest[++i];
        else if (a === "--key") options.key = rest[++i];
        else if (a === "--user") {
            const text = rest[++i];
            const colon = text.indexOf(":");
            options.user = { userName: text.slice(0, colon), password: text.slice(colon + 1) };
        }
        else if (Number.isNaN(options.port)) options.port = Number(a);
        else throw new Error(`unknown argument '${a}'`);
    }
    if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) {
        throw new Error("usage: node plant-server.js <port> [--rate <ms>] [--pki <dir>] [--start-count <n>] [--paused]");
    }
    if (!(options.rateMs > 0)) throw new Error("--rate must be a positive number of milliseconds");
    return options;
}

// Machines on the interop plant. Press3 always runs (its GoodCount goes up by exactly one per
// tick, so a test can prove no notification was lost); Press4 cycles through states.
const machines = [
    { line: "Line1", name: "Press3", alwaysRunning: true },
    { line: "Line1", name: "Press4", alwaysRunning: false },
    { line: "Line2", name: "Lathe1", alwaysRunning: false },
];

const statusCycle = ["Running", "Running", "Running", "Idle", "Down", "Setup"];

function addPlant(namespace, objectsFolder) {
    const variables = new Map();
    const lines = new Map();
    const add = (parent, pathName, browseName, dataType, value, writable) => {
        const variable = namespace.addVariable({
            organizedBy: parent,
            browseName,
            nodeId: `s=${pathName}`,
            dataType,
            minimumSamplingInterval: 0, // report every change when the client asks for sampling interval 0
            accessLevel: writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
            userAccessLevel: writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
            value: new Variant({ dataType: DataType[dataType], value }),
        });
        variables.set(pathName, variable);
        return variable;
    };

    for (const m of machines) {
        if (!lines.has(m.line)) {
            lines.set(m.line, namespace.addFolder(objectsFolder, { browseName: m.line, nodeId: `s=${m.line}` }));
        }
        const machinePath = `${m.line}.${m.name}`;
        const folder = namespace.addFolder(lines.get(m.line), { browseName: m.name, nodeId: `s=${machinePath}` });
        m.path = machinePath;
        m.vars = {
            GoodCount: add(folder, `${machinePath}.GoodCount`, "GoodCount", "UInt32", 0, false),
            ScrapCount: add(folder, `${machinePath}.ScrapCount`, "ScrapCount", "UInt32", 0, false),
            Temperature: add(folder, `${machinePath}.Temperature`, "Temperature", "Double", 20.0, false),
            Speed: add(folder, `${machinePath}.Speed`, "Speed", "Double", 0.0, true),
            Status: add(folder, `${machinePath}.Status`, "Status", "String", "Idle", false),
            Running: add(folder, `${machinePath}.Running`, "Running", "Boolean", false, true),
            WorkOrder: add(folder, `${machinePath}.WorkOrder`, "WorkOrder", "String", `WO-${m.name}-0001`, true),
        };
    }

    // One variable per built-in type the shop floor uses, with fixed values a test can check.
    const types = namespace.addFolder(objectsFolder, { browseName: "Types", nodeId: "s=Types" });
    const fixed = (name, dataType, value, arrayType) => {
        const variable = namespace.addVariable({
            organizedBy: types,
            browseName: name,
            nodeId: `s=Types.${name}`,
            dataType,
            valueRank: arrayType ? 1 : -1,
            accessLevel: "CurrentRead | CurrentWrite",
            userAccessLevel: "CurrentRead | CurrentWrite",
            value: new Variant({ dataType: DataType[dataType], arrayType: arrayType ? VariantArrayType.Array : VariantArrayType.Scalar, value }),
        });
        variables.set(`Types.${name}`, variable);
    };
    fixed("Boolean", "Boolean", true);
    fixed("SByte", "SByte", -100);
    fixed("Byte", "Byte", 200);
    fixed("Int16", "Int16", -30000);
    fixed("UInt16", "UInt16", 60000);
    fixed("Int32", "Int32", -2000000000);
    fixed("UInt32", "UInt32", 4000000000);
    fixed("Int64", "Int64", [0xffffffff, 0xfffffffe]); // node-opcua's [high, low] form of -2
    fixed("UInt64", "UInt64", [1, 0]); // 4294967296
    fixed("Float", "Float", 1.5);
    fixed("Double", "Double", 3.25);
    fixed("String", "String", "Grüße, Presse 3");
    fixed("DateTime", "DateTime", new Date(Date.UTC(2026, 10, 27, 8, 30, 0)));
    fixed("ByteString", "ByteString", Buffer.from([0, 1, 2, 253, 254, 255]));
    fixed("Guid", "Guid", "72962B91-FA75-4AE6-8D28-B404DC7DAF63");
    fixed("StatusCode", "StatusCode", StatusCodes.UncertainLastUsableValue);
    fixed("LocalizedText", "LocalizedText", new LocalizedText({ locale: "de-DE", text: "Presse" }));
    fixed("QualifiedName", "QualifiedName", new QualifiedName({ namespaceIndex: 2, name: "Press3" }));
    fixed("NodeId", "NodeId", coerceNodeId("ns=2;s=Line1.Press3"));
    fixed("DoubleArray", "Double", new Float64Array([1.0, 2.5, -3.75]), true);
    fixed("StringArray", "String", ["a", "", "Grüße"], true);
    fixed("Int32Array", "Int32", new Int32Array([1, -2, 3]), true);
    // Large enough (800 KB) to need several chunks with node-opcua's 512 KiB buffers.
    const large = new Float64Array(100000);
    for (let i = 0; i < large.length; i++) large[i] = i * 0.5;
    fixed("LargeDoubleArray", "Double", large, true);
    return variables;
}

function main() {
    const options = parseArguments(process.argv);
    // Certificates go to a temp folder, never under the home folder.
    const pkiRoot = options.pki ?? fs.mkdtempSync(path.join(os.tmpdir(), "twin-interop-pki-"));
    const removePki = options.pki === null;

    const server = new OPCUAServer({
        port: options.port,
        hostname: "127.0.0.1",
        resourcePath: "/UA/Plant",
        securityPolicies: options.secure
            ? [SecurityPolicy.None, SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss]
            : [SecurityPolicy.None],
        securityModes: options.secure
            ? [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt]
            : [MessageSecurityMode.None],
        allowAnonymous: true,
        userManager: options.user
            ? { isValidUser: (userName, password) => userName === options.user.userName && password === options.user.password }
            : undefined,
        serverCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pkiRoot, "server"), automaticallyAcceptUnknownCertificate: true }),
        ...(options.cert ? { certificateFile: options.cert, privateKeyFile: options.key } : {}),
        userCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pkiRoot, "user"), automaticallyAcceptUnknownCertificate: true }),
        buildInfo: { productName: "Twin interop plant (node-opcua)", manufacturerName: "Twin tests" },
        // MinSupportedSampleRate 0: an item that asks for sampling interval 0 gets every change, not
        // changes coalesced per 50 ms window, so a test can count each tick.
        serverCapabilities: { maxSessions: 50, minSupportedSampleRate: 0 },
    });

    let tick = 0;
    let timer = null;
    let machinesState;

    const setValue = (variable, dataType, value, status) =>
        variable.setValueFromSource(new Variant({ dataType, value }), status ?? StatusCodes.Good, new Date());

    const step = () => {
        tick++;
        for (const m of machinesState) {
            const status = m.alwaysRunning ? "Running" : statusCycle[Math.floor(tick / 20) % statusCycle.length];
            const running = status === "Running";
            if (running) {
                m.good = (m.good + 1) >>> 0;
                setValue(m.vars.GoodCount, DataType.UInt32, m.good);
                if (tick % 25 === 0) {
                    m.scrap = (m.scrap + 1) >>> 0;
                    setValue(m.vars.ScrapCount, DataType.UInt32, m.scrap);
                }
            }
            setValue(m.vars.Temperature, DataType.Double, Math.round((60 + 5 * Math.sin(tick / 10)) * 100) / 100);
            if (m.status !== status) {
                m.status = status;
                setValue(m.vars.Status, DataType.String, status);
                setValue(m.vars.Running, DataType.Boolean, running);
                setValue(m.vars.Speed, DataType.Double, running ? 120 : 0);
            }
        }
    };

    const startTimer = () => {
        if (timer === null) timer = setInterval(step, options.rateMs);
    };
    const stopTimer = () => {
        if (timer !== null) clearInterval(timer);
        timer = null;
    };

    const parseValue = (variable, text) => {
        const dataType = variable.getBasicDataType();
        switch (dataType) {
            case DataType.Boolean: return { dataType, value: text === "true" };
            case DataType.String: return { dataType, value: text };
            case DataType.Double: case DataType.Float: return { dataType, value: Number(text) };
            default: return { dataType, value: Number(text) };
        }
    };

    const handleCommand = (variables, line) => {
        const parts = line.trim().split(/\s+/);
        const op = parts[0];
        switch (op) {
            case "": return null;
            case "pause": stopTimer(); return "";
            case "resume": startTimer(); return "";
            case "rate": {
                const ms = Number(parts[1]);
                if (!(ms > 0)) throw new Error("rate needs a positive number of milliseconds");
                options.rateMs = ms;
                if (timer !== null) { stopTimer(); startTimer(); }
                return "";
            }
            case "tick": {
                const n = parts[1] === undefined ? 1 : Number(parts[1]);
                for (let i = 0; i < n; i++) step();
                return "";
            }
            case "set": {
                const variable = variables.get(parts[1]);
                if (!variable) throw new Error(`no variable '${parts[1]}'`);
                const { dataType, value } = parseValue(variable, parts[2]);
                const status = parts[3] === undefined ? StatusCodes.Good : StatusCodes[parts[3]];
                if (!status) throw new Error(`unknown status code '${parts[3]}'`);
                setValue(variable, dataType, value, status);
                // Keep the simulation's counters in step with a value set from outside.
                for (const m of machinesState) {
                    if (variable === m.vars.GoodCount) m.good = value;
                    if (variable === m.vars.ScrapCount) m.scrap = value;
                }
                return "";
            }
            case "read": {
                const variable = variables.get(parts[1]);
                if (!variable) throw new Error(`no variable '${parts[1]}'`);
                const dv = variable.readValue();
                const v = dv.value.value;
                return `VALUE ${parts[1]} ${JSON.stringify(typeof v === "bigint" ? v.toString() : v)}\n`;
            }
            case "subscriptions":
                return `VALUE subscriptions ${server.currentSubscriptionCount}\n`;
            default: throw new Error(`unknown command '${op}'`);
        }
    };

    const shutdown = async (code) => {
        stopTimer();
        try {
            await server.shutdown(0);
        } finally {
            if (removePki) fs.rmSync(pkiRoot, { recursive: true, force: true });
            process.exit(code);
        }
    };
    process.on("SIGTERM", () => shutdown(0));
    process.on("SIGINT", () => shutdown(0));

    (async () => {
        await server.initialize();
        const addressSpace = server.engine.addressSpace;
        const namespace = addressSpace.registerNamespace("urn:twin:interop:plant");
        if (namespace.index !== 2) throw new Error(`expected the plant namespace at index 2, got ${namespace.index}`);
        const variables = addPlant(namespace, addressSpace.rootFolder.objects);
        machinesState = machines.map((m) => ({ ...m, good: options.startCount >>> 0, scrap: 0, status: null }));
        for (const m of machinesState) setValue(m.vars.GoodCount, DataType.UInt32, m.good);

        await server.start();
        if (!options.paused) startTimer();

        const rl = readline.createInterface({ input: process.stdin });
        rl.on("line", (line) => {
            try {
                const output = handleCommand(variables, line);
                if (output !== null) process.stdout.write(`${output}OK ${line.trim()}\n`);
            } catch (err) {
                process.stdout.write(`ERR ${line.trim()}: ${err.message}\n`);
            }
        });
        // Started through a pipe (by a test): when the test process goes away, so do we, instead of
        // lingering as an orphan that holds the port. From a terminal or /dev/null, keep running.
        if (stdinIsPipe()) rl.on("close", () => shutdown(0));

        process.stdout.write(`READY ${options.port}\n`);
    })().catch((err) => {
        process.stderr.write(`plant-server failed: ${err.stack ?? err}\n`);
        if (removePki) fs.rmSync(pkiRoot, { recursive: true, force: true });
        process.exit(1);
    });
}

main();
