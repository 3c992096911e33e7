// Runs the published @content-island/api-client against a live lessonforge server and checks every answer.
// Input (env): LF_DOMAIN (host:port), LF_READ_TOKEN, LF_WRITE_TOKEN, LF_IDS (JSON: {first, second, third, author}),
// LF_PUBLISHED (how many published contents the project holds). Every method of the client is called, and the
// routes it does not cover (the export, HEAD) are read with plain fetch(), as a snapshot script would.
import { createClient, mapContentToModel } from '@content-island/api-client';

const domain = process.env.LF_DOMAIN;
const ids = JSON.parse(process.env.LF_IDS);
const reader = createClient({ accessToken: process.env.LF_READ_TOKEN, domain, secureProtocol: false });
const writer = createClient({ accessToken: process.env.LF_WRITE_TOKEN, domain, secureProtocol: false });
let checks = 0;

function check(condition, message, detail) {
  checks += 1;
  if (!condition) {
    console.error(`FAILED: ${message}`, detail === undefined ? '' : JSON.stringify(detail));
    process.exit(1);
  }
}

const titles = (list) => list.map((item) => item.title);

const project = await reader.getProject();
check(project.name === 'Blog', 'getProject name', project);
check(JSON.stringify(project.languages) === '["en","es"]', 'getProject languages', project.languages);
check(project.contentTypes.some((t) => t.name === 'post' && t.type === 'entity'), 'getProject content types', project);

const ordered = await reader.getContentList({
  contentType: 'post',
  sort: { 'fields.order': 'asc' },
  pagination: { take: 2, skip: 0 },
});
check(JSON.stringify(titles(ordered)) === '["Hello","World"]', 'sort + pagination', ordered);
check(ordered[0].id === ids.first && ordered[0].language === 'en', 'mapped id and default language', ordered[0]);
check(typeof ordered[0].lastUpdate === 'string', 'lastUpdate present', ordered[0]);

const skipped = await reader.getContentList({ contentType: 'post', sort: { 'fields.order': 'asc' }, pagination: { skip: 2 } });
check(JSON.stringify(titles(skipped)) === '["Again"]', 'skip', skipped);

const spanish = await reader.getContentList({ contentType: 'post', language: 'es', 'fields.slug': 'hola' });
check(spanish.length === 1 && spanish[0].title === 'Hola' && spanish[0].language === 'es', 'language + field filter', spanish);

const picked = await reader.getContentList({ 'fields.slug': { in: ['hello', 'again'] }, sort: { 'fields.order': 'desc' } });
check(JSON.stringify(titles(picked)) === '["Again","Hello"]', 'in filter + sort desc', picked);

const notFirst = await reader.getContentList({ contentType: 'post', 'fields.slug': { ne: 'hello' }, sort: { 'fields.order': 'asc' } });
check(JSON.stringify(titles(notFirst)) === '["World","Again"]', 'ne filter', notFirst);

const byIds = await reader.getContentList({ id: { in: [ids.first, ids.third] }, sort: { 'fields.order': 'asc' } });
check(JSON.stringify(titles(byIds)) === '["Hello","Again"]', 'id in filter', byIds);

const featured = await reader.getContentList({ contentType: 'post', 'fields.featured': true });
check(JSON.stringify(titles(featured)) === '["Hello"]', 'boolean filter', featured);

const several = await reader.getContentList({ contentType: { in: ['post', 'author'] } });
check(several.length === 4, 'contentType in filter', several.length);

const size = await reader.getContentListSize({ contentType: 'post' });
check(size === 3, 'getContentListSize', size);
const filteredSize = await reader.getContentListSize({ contentType: 'post', 'fields.slug': { in: ['hello', 'world'] } });
check(filteredSize === 2, 'getContentListSize with in filter', filteredSize);
const published = Number(process.env.LF_PUBLISHED);
check((await reader.getContentListSize()) === published, 'getContentListSize without filters');
const everything = await reader.getContentList();
check(everything.length === published, 'getContentList without paging answers every content', everything.length);
check(new Set(everything.map((c) => c.id)).size === published, 'no content twice', everything.length);

const one = await reader.getContent({ id: ids.first, language: 'en' });
check(one.title === 'Hello' && one.order === 1 && one.featured === true, 'getContent', one);
check(JSON.stringify(one.tags) === '["a","b"]', 'getContent list field', one.tags);
const oneEs = await reader.getContent({ id: ids.first, language: 'es' });
check(oneEs.title === 'Hola', 'getContent in Spanish', oneEs);

const related = await reader.getContentList({ contentType: 'post', includeRelatedContent: true, sort: { 'fields.order': 'asc' } });
check(related[0].author && related[0].author.name === 'Ada', 'includeRelatedContent mapped by the client', related[0]);
// Client 0.16.0 writes `&undefined` for a number; the documented call must still succeed (the depth is lost).
const deeper = await reader.getContentList({ contentType: 'post', includeRelatedContent: 2 });
check(deeper.length === 3, 'includeRelatedContent: 2 from client 0.16.0 is answered', deeper.length);
const byNumber = await reader.getContentList({ contentType: 'post', 'fields.order': 1 });
check(byNumber.length === 3, 'a number filter (sent as &undefined) is answered', byNumber.length);
const lazy = await reader.getContent({ id: ids.first });
check(lazy.author === ids.author, 'relation without expansion is the id', lazy.author);

const raw = await reader.getRawContentList({ contentType: 'post', sort: { 'fields.order': 'asc' } });
check(raw.length === 3 && raw[0].contentType.name === 'post' && Array.isArray(raw[0].fields), 'getRawContentList', raw[0]);
const rawTitle = raw[0].fields.find((f) => f.name === 'title' && f.language === 'en');
check(rawTitle.value === 'Hello' && rawTitle.type === 'short-text' && rawTitle.isArray === false, 'raw field', rawTitle);
check(mapContentToModel(raw[0], 'es').title === 'Hola', 'mapContentToModel', raw[0]);
const rawOne = await reader.getRawContent({ id: ids.second });
check(rawOne.id === ids.second && rawOne.fields.some((f) => f.value === 'World'), 'getRawContent', rawOne);

const base = `http://${domain}/api/1.0`;
const auth = (token) => ({ headers: { authorization: `Bearer ${token}` } });
const exported = await fetch(`${base}/project/export`, auth(process.env.LF_READ_TOKEN));
check(exported.headers.get('content-type').startsWith('application/json'), 'export Content-Type', exported.headers.get('content-type'));
check(exported.headers.get('content-encoding') === 'gzip', 'export Content-Encoding', exported.headers.get('content-encoding'));
const snapshot = await exported.json();
check(snapshot.meta.schemaVersion === 1 && snapshot.meta.view === 'published', 'export meta', snapshot.meta);
check(snapshot.project.name === 'Blog' && snapshot.contents.length === published, 'export contents', snapshot.contents.length);
const listedRaw = await (await fetch(`${base}/contents`, auth(process.env.LF_READ_TOKEN))).text();
check(JSON.stringify(snapshot.contents) === listedRaw, 'export contents equal GET /contents with no query');
const preview = await (await fetch(`${base}/project/export`, auth(`PREVIEW_${process.env.LF_READ_TOKEN}`))).json();
check(preview.meta.view === 'preview' && preview.contents.length === published + 1, 'preview export has the draft', preview.meta);
const head = await fetch(`${base}/contents`, { method: 'HEAD', ...auth(process.env.LF_READ_TOKEN) });
check(head.status === 200 && (await head.text()) === '', 'HEAD /contents', head.status);

const updated = await writer.updateContentFieldValue(ids.first, rawTitle.id, 'Hello again');
check(updated === true, 'updateContentFieldValue answers true', updated);
const after = await reader.getContent({ id: ids.first, language: 'en' });
check(after.title === 'Hello again', 'updated value is read back', after);

let refused = null;
try {
  await reader.updateContentFieldValue(ids.first, rawTitle.id, 'nope');
} catch (error) {
  refused = JSON.parse(error.message);
}
check(refused && refused.status === 403, 'a read token cannot write', refused);

let unauthorized = null;
try {
  await createClient({ accessToken: 'lfc_wrong', domain, secureProtocol: false }).getProject();
} catch (error) {
  unauthorized = JSON.parse(error.message);
}
check(unauthorized && unauthorized.status === 401, 'an unknown token is refused', unauthorized);

let missing = null;
try {
  await reader.getContent({ id: 'no-such-content' });
} catch (error) {
  missing = JSON.parse(error.message);
}
check(missing && missing.status === 404, 'getContent of a missing content is 404', missing);

console.log(`ok ${checks} checks`);
