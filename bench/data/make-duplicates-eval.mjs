// Writes bench/data/duplicates-eval.json: a labelled Persian evaluation set for duplicate
// detection. The texts below were written by hand, several wordings per matter as different
// citizens write them; this script places them in Tehran and time (a fixed seed, so the file is
// reproducible), adds spelling variants and the hard negatives, and labels every message with
// its matter (`cluster`).
//
//   node bench/data/make-duplicates-eval.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Places: a name as citizens write it, a point, the region (district).
const PLACES = [
  ['خیابان ولیعصر نرسیده به پارک ساعی', 35.756, 51.41, '6'],
  ['میدان تجریش', 35.8046, 51.4347, '1'],
  ['خیابان شریعتی پل رومی', 35.776, 51.443, '3'],
  ['خیابان پاسداران گلستان دوم', 35.778, 51.47, '4'],
  ['میدان انقلاب', 35.701, 51.391, '6'],
  ['خیابان کارگر شمالی', 35.722, 51.388, '6'],
  ['میدان آزادی', 35.6997, 51.338, '9'],
  ['بلوار فرحزادی شهرک غرب', 35.764, 51.37, '2'],
  ['خیابان پیروزی', 35.695, 51.47, '14'],
  ['میدان هفت حوض نارمک', 35.734, 51.499, '8'],
  ['فلکه اول تهرانپارس', 35.747, 51.53, '4'],
  ['خیابان مولوی', 35.668, 51.42, '12'],
  ['میدان شوش', 35.66, 51.428, '16'],
  ['خیابان نواب', 35.68, 51.385, '10'],
  ['میدان رسالت', 35.74, 51.478, '7'],
  ['میدان کاج سعادت آباد', 35.78, 51.378, '2'],
  ['خیابان دماوند', 35.708, 51.51, '13'],
  ['میدان شهرری', 35.593, 51.434, '20'],
  ['خیابان هلال احمر نازی آباد', 35.642, 51.404, '16'],
  ['خیابان اسدآبادی یوسف آباد', 35.73, 51.408, '6'],
  ['بلوار عدل پونک', 35.762, 51.333, '5'],
  ['بلوار لاله جنت آباد', 35.752, 51.304, '5'],
  ['خیابان آزادی روبروی دانشگاه شریف', 35.703, 51.351, '9'],
  ['بلوار کوهک چیتگر', 35.727, 51.24, '22'],
  ['خاک سفید', 35.748, 51.55, '4'],
  ['نیاوران', 35.811, 51.47, '1'],
  ['افسریه', 35.65, 51.49, '15'],
  ['خیابان ستارخان', 35.715, 51.355, '2'],
].map(([name, lat, long, region]) => ({ name, lat, long, region }));

const GROUP = { streetlight: 'lighting', pothole: 'roads', garbage: 'cleanliness', flooding: 'surface-water', trees: 'green-space' };

// Matters: a service and the ways citizens write about it ({place} is where it is, in words).
const PROBLEMS = [
  ['streetlight', 'lamp-off', [
    'چراغ‌های برق {place} چند شب است خاموش است و همه‌جا تاریک است',
    'لامپ تیرهای {place} روشن نمی‌شود، شب‌ها عبور خیلی خطرناک شده',
    'روشنایی معبر در {place} قطع است، لطفا رسیدگی کنید',
    'از هفته پیش تیر چراغ برق {place} سوخته و شب کوچه تاریکه',
  ]],
  ['streetlight', 'pole-damaged', [
    'تیر چراغ برق در {place} کج شده و نزدیک است روی ماشین‌ها بیفتد',
    'یک پایه چراغ در {place} بر اثر تصادف خم شده و سیم‌هایش بیرون زده',
    'تیر برق {place} خطرناک است، کج شده و سیم لخت آویزان است',
    'پایه روشنایی کنار {place} شکسته و کج ایستاده، ممکن است بیفتد',
  ]],
  ['streetlight', 'on-by-day', [
    'چراغ‌های {place} در روز هم روشن هستند و برق هدر می‌رود',
    'در {place} لامپ‌ها از صبح تا ظهر روشن می‌مانند، اسراف است',
    'روشنایی {place} حتی وسط روز خاموش نمی‌شود',
    'چراغ برق {place} تمام روز روشن است، لطفا تایمرش را درست کنید',
  ]],
  ['pothole', 'pothole', [
    'یک چاله بزرگ وسط {place} هست که لاستیک ماشین‌ها را پاره می‌کند',
    'گودال عمیق در آسفالت {place}، چند موتوری زمین خوردند',
    'آسفالت {place} چاله شده و با باران پر از آب می‌شود',
    'چاله خطرناک در خط سمت راست {place}، حدود ۳۰ سانت عمق دارد',
  ]],
  ['pothole', 'sidewalk', [
    'سنگ‌فرش پیاده‌رو {place} شکسته و عابران زمین می‌خورند',
    'موزاییک‌های پیاده‌رو در {place} کنده شده، برای سالمندان خطرناک است',
    'پیاده رو {place} خراب است و کاشی‌هایش لق شده',
    'کف پیاده‌روی {place} ناهموار و شکسته است، ویلچر رد نمی‌شود',
  ]],
  ['pothole', 'trench', [
    'بعد از حفاری گاز در {place} روی ترانشه را آسفالت نکرده‌اند',
    'شرکت آب {place} را کنده و رها کرده، خاک و سنگ روی خیابان ریخته',
    'ترانشه حفاری {place} یک ماه است باز مانده و ترمیم نشده',
    'محل کندن لوله در {place} هنوز آسفالت نشده و گود افتاده',
  ]],
  ['garbage', 'bin-full', [
    'سطل زباله {place} پر شده و آشغال‌ها روی زمین ریخته',
    'مخزن پسماند در {place} چند روز است خالی نشده و بوی بد می‌دهد',
    'زباله‌ها کنار سطل {place} تلنبار شده، گربه‌ها پخششان کرده‌اند',
    'کیسه‌های آشغال دور مخزن {place} جمع شده و کسی نمی‌برد',
  ]],
  ['garbage', 'debris', [
    'نخاله ساختمانی را شبانه در {place} خالی کرده‌اند',
    'یک کامیون خاک و نخاله در {place} ریخته و رفته، راه بسته شده',
    'کنار {place} پر از نخاله و آجر شکسته است که کسی جمع نمی‌کند',
    'تخلیه غیرمجاز مصالح و نخاله در {place}، لطفا پیگیری کنید',
  ]],
  ['garbage', 'dead-animal', [
    'لاشه یک سگ در {place} افتاده و بو گرفته',
    'حیوان مرده کنار جوی {place} مانده و کسی برنمی‌دارد',
    'لاشه گربه وسط {place} از دیروز مانده',
    'یک لاشه حیوان در {place} هست، برای بهداشت محیط خطر دارد',
  ]],
  ['flooding', 'underpass', [
    'زیرگذر {place} با باران امروز پر از آب شده و ماشین‌ها گیر کرده‌اند',
    'آبگرفتگی شدید در {place}، آب تا زانو بالا آمده',
    'بعد از بارش، {place} را آب برداشته و رد شدن ممکن نیست',
    'آب باران در {place} جمع شده و تخلیه نمی‌شود',
  ]],
  ['flooding', 'gutter', [
    'جوی آب {place} با برگ و زباله گرفته و آب به خیابان می‌ریزد',
    'کانال آب کنار {place} مسدود شده و سرریز کرده',
    'دهانه آبرو در {place} بسته است، آب برمی‌گردد توی پیاده‌رو',
    'جوب {place} لایروبی نشده و پر از گل و لای است',
  ], { 2: 'garbage' }], // one citizen picks "garbage" for a blocked gutter
  ['trees', 'fallen-branch', [
    'شاخه بزرگ درخت در {place} شکسته و روی سیم برق افتاده',
    'با باد دیشب یک درخت در {place} افتاده و راه را بسته',
    'شاخه درخت چنار {place} شکسته و آویزان است، ممکن است روی عابران بیفتد',
    'درخت کهنسال {place} از ریشه کنده شده و روی ماشین افتاده',
  ]],
  ['trees', 'dry', [
    'درختان {place} تشنه مانده‌اند و آبیاری نمی‌شوند',
    'نهال‌های کاشته شده در {place} از بی‌آبی خشک شده‌اند',
    'فضای سبز {place} ماه‌هاست آب نخورده و زرد شده',
    'چمن و درخت‌های {place} در حال خشک شدن هستند، آبیاری کنید',
  ]],
  ['trees', 'cut-down', [
    'شب گذشته چند درخت در {place} را بریدند',
    'قطع غیرمجاز درختان در {place}، یک ساختمان‌ساز اره کرده',
    'کسی درخت‌های جلوی ساختمانی در {place} را قطع کرده',
    'درخت‌کشی در {place}؛ ریشه درختان را سم ریخته‌اند و تنه را بریده‌اند',
  ]],
].map(([service, key, texts, services = {}]) => ({ service, key, texts, services }));

let seed = 20261130;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const METRE = 1 / 111_320;
function near(place, metres) {
  const angle = random() * 2 * Math.PI;
  const r = random() * metres;
  const lat = place.lat + Math.sin(angle) * r * METRE;
  const long = place.long + (Math.cos(angle) * r * METRE) / Math.cos((place.lat * Math.PI) / 180);
  return { lat: Number(lat.toFixed(6)), long: Number(long.toFixed(6)) };
}

/** How the same text looks typed on an Arabic keyboard, without ZWNJ, in a hurry. */
function spellingVariant(text) {
  return text
    .replace(/ی/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/\u200c/g, '')
    .replace(/[۰-۹]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x06f0 + 0x0660))
    .replace(/است/, 'استتتت')
    .concat('!!!');
}

const START = Date.parse('2026-03-21T04:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const messages = [];
let number = 0;
function add(cluster, kind, service, text, place, location, at) {
  messages.push({
    id: `E${++number}`,
    cluster,
    kind,
    system: '137',
    serviceCode: service,
    serviceGroup: GROUP[service],
    description: text,
    address: location ? null : place.name,
    location,
    region: place.region,
    registeredAt: new Date(at).toISOString(),
  });
}

// Each matter at four places; a problem never shares a place with another problem of its service,
// so the hard negatives below are truly other matters.
const placesOf = new Map();
for (const [p, problem] of PROBLEMS.entries()) {
  const taken = new Set(PROBLEMS.slice(0, p).filter((o) => o.service === problem.service).flatMap((o) => placesOf.get(o.key)));
  const places = [];
  for (let i = p * 4; places.length < 4; i++) if (!taken.has(i % PLACES.length)) places.push(i % PLACES.length);
  placesOf.set(problem.key, places);
}

// Where each problem is reported (its matters and its hard negatives), so no negative lands on a
// place where the same problem is a matter of its own.
const reported = new Set([...placesOf].flatMap(([key, places]) => places.map((i) => `${key}@${i}`)));
let clusterNumber = 0;
for (const [p, problem] of PROBLEMS.entries()) {
  for (const [k, placeIndex] of placesOf.get(problem.key).entries()) {
    const place = PLACES[placeIndex];
    const cluster = `C${++clusterNumber}-${problem.key}`;
    const base = START + Math.floor(random() * 300) * DAY + Math.floor(random() * 12) * HOUR;
    problem.texts.forEach((written, t) => {
      // A citizen with a pin seldom writes the whole place; one without a pin always does.
      const located = t !== 3;
      const text = written.replace('{place}', located && t === 1 ? 'این خیابان' : place.name);
      const service = problem.services[t] ?? problem.service;
      add(cluster, located ? 'paraphrase' : 'paraphrase-in-words', service, text, place, located ? near(place, 120) : null, base + t * Math.floor(random() * 30) * HOUR);
    });
    add(cluster, 'spelling-variant', problem.service, spellingVariant(problem.texts[0].replace('{place}', place.name)), place, near(place, 80), base + Math.floor(random() * 72) * HOUR);

    // Hard negative: the same service nearby, another problem, within days.
    const others = PROBLEMS.filter((o) => o.service === problem.service && o.key !== problem.key);
    const other = others.find((o, j) => j >= k % others.length && !reported.has(`${o.key}@${placeIndex}`)) ?? others.find((o) => !reported.has(`${o.key}@${placeIndex}`));
    reported.add(`${other.key}@${placeIndex}`);
    add(`N${clusterNumber}-${other.key}-nearby`, 'negative-same-service-nearby', problem.service, other.texts[k % 4].replace('{place}', place.name), place, near(place, 100), base + Math.floor(random() * 96) * HOUR);

    // Hard negative: the same words far away (a place this problem has no matter at), every other
    // matter: word for word what a citizen with a pin wrote here.
    if (k % 2 === 0) {
      const farIndex = [...PLACES.keys()].find((i) => !reported.has(`${problem.key}@${i}`) && PLACES[i].region !== place.region && (i + p) % 3 === 0);
      reported.add(`${problem.key}@${farIndex}`);
      const far = PLACES[farIndex];
      add(`F${clusterNumber}-${problem.key}-far`, 'negative-same-words-far', problem.service, problem.texts[1].replace('{place}', 'این خیابان'), far, near(far, 100), base + Math.floor(random() * 96) * HOUR);
    }
  }
}

messages.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
const file = join(import.meta.dirname, 'duplicates-eval.json');
writeFileSync(file, `${JSON.stringify({ about: 'Labelled Persian messages for duplicate detection; made by make-duplicates-eval.mjs', messages }, null, 1)}\n`);
const clusters = new Set(messages.map((m) => m.cluster));
console.log(`${messages.length} messages in ${clusters.size} clusters → ${file}`);
