// Writes a brotli (.br) and a gzip (.gz) copy beside each text file of dist/, which the server sends to browsers
// that accept them; a copy that saves nothing (fonts already are compressed) is not kept.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

for (const path of [...files('dist')]) {
  if (!/\.(html|js|css|svg|json|txt|ttf)$/.test(path)) continue;
  const content = readFileSync(path);
  const br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
  const gz = gzipSync(content, { level: 9 });
  if (br.length < content.length * 0.9) writeFileSync(path + '.br', br);
  if (gz.length < content.length * 0.9) writeFileSync(path + '.gz', gz);
}
