/**
 * Layer rules (docs/ARCHITECTURE.md): app → features (workforce, integrations, recruiting) → connectors → platform → domain.
 * Arrows only point down; no folder cycles. Emulators are stand-ins for vendors: they may use the domain only.
 * Runs in CI: `npm run lint:deps`.
 */
const FEATURES = '^src/(workforce|integrations|recruiting)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'No import cycles, type-only ones included.', from: { path: '^(src|emulators)/' }, to: { circular: true } },
    { name: 'domain-is-pure', severity: 'error', comment: 'domain/ has no I/O and imports nothing above it.', from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' }, to: { path: '^src/(?!domain/)|^emulators/' } },
    { name: 'domain-no-io', severity: 'error', comment: 'domain/ does not touch the network, the file system or a database.', from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' }, to: { dependencyTypes: ['core', 'npm'], path: '(^|/)(node:)?(fs|net|http|https|child_process|dgram|dns|tls)$|(^|/)node_modules/(pg|@electric-sql|kysely|nodemailer|fastify)/' } },
    { name: 'platform-below-features', severity: 'error', comment: 'platform/ (config, db, jobs, mail, http, i18n, log, identity, audit) never imports connectors, features or app.', from: { path: '^src/platform/' }, to: { path: '^src/(connectors|workforce|integrations|recruiting|app)/' } },
    { name: 'connectors-below-features', severity: 'error', comment: 'connectors/ know vendors, not Koppel features or the app.', from: { path: '^src/connectors/' }, to: { path: '^src/(workforce|integrations|recruiting|app)/' } },
    { name: 'connectors-no-db', severity: 'error', comment: 'connectors/ do not touch the database; they get stores through ports.', from: { path: '^src/connectors/' }, to: { path: '^src/platform/(db|jobs|mail|identity|audit)/' } },
    { name: 'vendor-folders-independent', severity: 'error', comment: 'A vendor folder uses the kit and its category, never another vendor.', from: { path: '^src/connectors/(hr|calendar|video)/([^/]+)/' }, to: { path: '^src/connectors/(hr|calendar|video)/[^/]+/', pathNot: '^src/connectors/$1/$2/' } },
    { name: 'kit-below-categories', severity: 'error', comment: 'The kit is shared by every category; it never imports hr/, calendar/ or video/.', from: { path: '^src/connectors/kit/' }, to: { path: '^src/connectors/(hr|calendar|video)/' } },
    { name: 'categories-independent', severity: 'error', comment: 'A category folder (hr/, calendar/, video/) never imports another category; what two categories share lives in the kit.', from: { path: '^src/connectors/(hr|calendar|video)/' }, to: { path: '^src/connectors/(hr|calendar|video)/', pathNot: '^src/connectors/$1/' } },
    { name: 'workforce-is-the-base-feature', severity: 'error', comment: 'workforce/ does not import the integrations or recruiting features.', from: { path: '^src/workforce/' }, to: { path: '^src/(integrations|recruiting|app)/' } },
    { name: 'features-independent', severity: 'error', comment: 'integrations/ and recruiting/ do not import each other.', from: { path: '^src/integrations/' }, to: { path: '^src/recruiting/' } },
    { name: 'features-independent-2', severity: 'error', from: { path: '^src/recruiting/' }, to: { path: '^src/integrations/' } },
    { name: 'features-below-app', severity: 'error', comment: 'Only app/ wires features together.', from: { path: FEATURES }, to: { path: '^src/app/' } },
    { name: 'emulators-outside-product', severity: 'error', comment: 'Emulators are vendors: they may use pure domain helpers, never Koppel\'s product code.', from: { path: '^emulators/' }, to: { path: '^src/(?!domain/)' } },
    { name: 'product-does-not-load-emulators', severity: 'error', comment: 'Product code never imports an emulator statically (the CLI and demo load them on demand).', from: { path: '^src/', pathNot: '^src/app/|\\.test\\.ts$' }, to: { path: '^emulators/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(web|node_modules)/' },
  },
};
