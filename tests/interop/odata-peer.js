// SAP's open-source OData mock server (@sap-ux/fe-mockserver-core) serving our own metadata of the two services the
// sap-s4 connector posts to, behind Basic auth: an independent check of Twin's $batch, deep insert and $filter wire
// format. Usage: node odata-peer.js <user>:<password>. Prints "READY <port>"; exits when stdin closes.
'use strict';
const http = require('http');
const path = require('path');
const FEMockserver = require('@sap-ux/fe-mockserver-core').default;

const [credential] = process.argv.slice(2);
if (!credential || !credential.includes(':')) {
  console.error('usage: node odata-peer.js <user>:<password>');
  process.exit(2);
}
const expected = 'Basic ' + Buffer.from(credential).toString('base64');
const services = ['API_PROD_ORDER_CONFIRMATION_2_SRV', 'API_MATERIAL_DOCUMENT_SRV'].map((name) => ({
  urlPath: '/sap/opu/odata/sap/' + name,
  metadataPath: path.join(__dirname, 'odata', name, 'metadata.xml'),
  mockdataPath: path.join(__dirname, 'odata', name),
  generateMockData: false,
}));

(async () => {
  const mockserver = new FEMockserver({ services, annotations: [] });
  await mockserver.isReady;
  const router = mockserver.getRouter();
  const server = http.createServer((req, res) => {
    // The mock server itself checks no credential; every entry point of a test peer still needs one.
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="odata-peer"' });
      res.end();
      return;
    }
    router(req, res, (err) => {
      res.statusCode = err ? 500 : 404;
      res.end(err ? String(err) : 'not found');
    });
  });
  server.listen(0, '127.0.0.1', () => console.log('READY ' + server.address().port));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
