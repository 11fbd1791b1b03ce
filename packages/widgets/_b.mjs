import { build } from 'esbuild';
const r = await build({ entryPoints:['src/'+process.argv[2]+'.ts'], bundle:true, minify:true, format:'esm', platform:'browser', target:'es2022', charset:'utf8', conditions:['@payam/source','browser','import'], external:['zod'], write:false, outdir:'out', splitting:true, logLevel:'silent', metafile:true, legalComments:'none'});
for (const [o, m] of Object.entries(r.metafile.outputs)) { if (!o.endsWith('.js')) continue; console.log('==', o, m.bytes);
const rows = Object.entries(m.inputs).map(([f,i])=>[f.replace(/.*node_modules\//,'').replace('/work/main/',''), i.bytesInOutput]).sort((a,b)=>b[1]-a[1]);
for (const [f,b] of rows.slice(0,30)) if (b>0) console.log(String(b).padStart(7), f); }
