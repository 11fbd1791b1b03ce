import { DEFAULT_TEHRAN_WEEK, duplicatePolicySchema, type OrgUnit, type ServiceConfigInput, type SystemConfig } from '@payam/core';
import type { Settings } from './policies.js';

/** The 22 districts of Tehran, as region ids `"1"` … `"22"`. */
export const DISTRICTS: readonly string[] = Array.from({ length: 22 }, (_, i) => String(i + 1));

const faDigits = (n: string) => n.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);

/** The demo systems: the 137 request line and the 1888 inspection/complaint line (confidential: every message private). */
export const demoSystems: SystemConfig[] = [
  { id: '137', name: { fa: 'سامانه ۱۳۷ شهرداری تهران', en: 'Tehran Municipality 137' }, serviceRequired: false, intakeUnitId: 'call-center-137', confidential: false },
  { id: '1888', name: { fa: 'سامانه ۱۸۸۸ بازرسی شهرداری', en: 'Municipal Inspection 1888' }, serviceRequired: false, intakeUnitId: 'inspection-intake', confidential: true },
];

/** The demo org tree: municipality → 22 districts → departments; the inspection organisation for 1888. */
export const demoOrgUnits: OrgUnit[] = [
  { id: 'municipality', name: { fa: 'شهرداری تهران', en: 'Tehran Municipality' }, parentId: null },
  { id: 'call-center-137', name: { fa: 'مرکز سامانه ۱۳۷', en: '137 call centre' }, parentId: 'municipality' },
  ...DISTRICTS.flatMap((d): OrgUnit[] => [
    { id: `district-${d}`, name: { fa: `شهرداری منطقه ${faDigits(d)}`, en: `District ${d}` }, parentId: 'municipality', region: d },
    {
      id: `district-${d}-services`,
      name: { fa: `معاونت خدمات شهری منطقه ${faDigits(d)}`, en: `District ${d} urban services` },
      parentId: `district-${d}`,
      region: d,
    },
    {
      id: `district-${d}-technical`,
      name: { fa: `معاونت فنی و عمرانی منطقه ${faDigits(d)}`, en: `District ${d} technical works` },
      parentId: `district-${d}`,
      region: d,
    },
  ]),
  { id: 'inspection', name: { fa: 'سازمان بازرسی شهرداری تهران', en: 'Municipal Inspection Organisation' }, parentId: null },
  { id: 'inspection-intake', name: { fa: 'مرکز سامانه ۱۸۸۸', en: '1888 intake' }, parentId: 'inspection' },
  { id: 'inspection-complaints', name: { fa: 'اداره رسیدگی به شکایات', en: 'Complaints office' }, parentId: 'inspection' },
];

/** The demo services of both systems, in Persian and English, with guidance. */
export const demoServices: ServiceConfigInput[] = [
  {
    system: '137',
    code: 'streetlight',
    name: { fa: 'خاموشی روشنایی معابر', en: 'Streetlight out' },
    description: { fa: 'چراغ خیابان یا کوچه خاموش است یا چشمک می‌زند.', en: 'A street or alley light is out or flickering.' },
    group: { fa: 'روشنایی', en: 'Lighting' },
    keywords: ['چراغ', 'روشنایی', 'light', 'lamp'],
    guidance: {
      fa: 'محل دقیق چراغ را روی نقشه نشان دهید و اگر شماره تیر را می‌بینید بنویسید. واحد فنی منطقه ظرف دو روز کاری بررسی می‌کند.',
      en: 'Show the light on the map and give the pole number if you can see it. The district technical unit checks within two working days.',
    },
    requires: { region: false, address: true },
    attributes: [
      { code: 'pole_number', datatype: 'string', required: false, order: 1, description: { fa: 'شماره تیر چراغ', en: 'Pole number' } },
      {
        code: 'lamp_state',
        datatype: 'singlevaluelist',
        required: true,
        order: 2,
        description: { fa: 'وضعیت چراغ', en: 'What the light does' },
        values: [
          { key: 'off', name: { fa: 'خاموش', en: 'Off' } },
          { key: 'flickering', name: { fa: 'چشمک‌زن', en: 'Flickering' } },
          { key: 'on_daytime', name: { fa: 'روشن در روز', en: 'On in daytime' } },
        ],
      },
    ],
  },
  {
    system: '137',
    code: 'pothole',
    name: { fa: 'چاله و خرابی آسفالت', en: 'Pothole or broken asphalt' },
    description: { fa: 'چاله، نشست یا خرابی آسفالت در معبر.', en: 'A pothole, subsidence or broken asphalt on a road.' },
    group: { fa: 'معابر', en: 'Roads' },
    keywords: ['آسفالت', 'چاله', 'pothole', 'road'],
    guidance: {
      fa: 'اگر چاله خطرناک است، اندازه تقریبی آن را بنویسید. ترمیم فوری ظرف ۴۸ ساعت انجام می‌شود.',
      en: 'If the pothole is dangerous, give its rough size. Urgent repairs are made within 48 hours.',
    },
    attributes: [
      { code: 'depth_cm', datatype: 'number', required: false, order: 1, description: { fa: 'عمق تقریبی (سانتی‌متر)', en: 'Rough depth (cm)' } },
      { code: 'noticed_at', datatype: 'datetime', required: false, order: 2, description: { fa: 'از چه زمانی دیده‌اید؟', en: 'Since when have you seen it?' } },
    ],
  },
  {
    system: '137',
    code: 'garbage',
    name: { fa: 'جمع‌آوری پسماند', en: 'Garbage collection' },
    description: { fa: 'پسماند جمع‌آوری نشده، نخاله یا اثاثیه رها شده.', en: 'Uncollected waste, rubble or dumped furniture.' },
    group: { fa: 'پاکیزگی', en: 'Cleanliness' },
    keywords: ['زباله', 'پسماند', 'نخاله', 'garbage', 'waste'],
    guidance: {
      fa: 'نوع پسماند را انتخاب کنید تا خودروی مناسب اعزام شود.',
      en: 'Choose the kind of waste so that the right truck is sent.',
    },
    attributes: [
      {
        code: 'waste_kind',
        datatype: 'multivaluelist',
        required: true,
        order: 1,
        description: { fa: 'نوع پسماند', en: 'Kind of waste' },
        values: [
          { key: 'household', name: { fa: 'خانگی', en: 'Household' } },
          { key: 'construction', name: { fa: 'نخاله ساختمانی', en: 'Construction rubble' } },
          { key: 'bulky', name: { fa: 'اثاثیه حجیم', en: 'Bulky items' } },
        ],
      },
    ],
  },
  {
    system: '137',
    code: 'flooding',
    name: { fa: 'آبگرفتگی معابر', en: 'Street flooding' },
    description: { fa: 'آبگرفتگی، گرفتگی جوی یا دریچه آب‌های سطحی.', en: 'Flooding, or a blocked gutter or drain.' },
    group: { fa: 'آب‌های سطحی', en: 'Surface water' },
    keywords: ['آبگرفتگی', 'جوی', 'flood', 'drain'],
    guidance: {
      fa: 'در آبگرفتگی شدید با ۱۲۵ (آتش‌نشانی) هم تماس بگیرید. محل و شدت را بنویسید.',
      en: 'For severe flooding call 125 (fire service) too. Describe the place and how bad it is.',
    },
    requires: { region: true, address: false },
    attributes: [
      { code: 'details', datatype: 'text', required: false, order: 1, description: { fa: 'شرح بیشتر', en: 'More details' } },
      {
        code: 'safety_note',
        datatype: 'string',
        variable: false,
        order: 0,
        description: { fa: 'به آب‌های جاری نزدیک نشوید.', en: 'Keep away from running water.' },
      },
    ],
  },
  {
    system: '137',
    code: 'trees',
    name: { fa: 'فضای سبز و درختان', en: 'Green space and trees' },
    description: { fa: 'درخت افتاده، خشک یا نیازمند هرس.', en: 'A fallen or dry tree, or one that needs pruning.' },
    group: { fa: 'فضای سبز', en: 'Green space' },
    keywords: ['درخت', 'فضای سبز', 'tree', 'park'],
    guidance: { fa: 'قطع درخت بدون مجوز ممنوع است؛ اگر دیدید گزارش کنید.', en: 'Felling trees without a permit is forbidden; report it if you see it.' },
    attributes: [
      {
        code: 'tree_issue',
        datatype: 'singlevaluelist',
        required: false,
        order: 1,
        description: { fa: 'مشکل درخت', en: 'What is wrong' },
        values: [
          { key: 'fallen', name: { fa: 'افتاده', en: 'Fallen' } },
          { key: 'dry', name: { fa: 'خشک', en: 'Dry' } },
          { key: 'pruning', name: { fa: 'نیاز به هرس', en: 'Needs pruning' } },
          { key: 'illegal_felling', name: { fa: 'قطع غیرمجاز', en: 'Illegal felling' } },
        ],
      },
    ],
  },
  {
    system: '137',
    code: 'city-idea',
    name: { fa: 'پیشنهاد برای محله', en: 'An idea for the neighbourhood' },
    description: { fa: 'پیشنهادی برای بهتر شدن محله یا شهر.', en: 'An idea to make the neighbourhood or city better.' },
    group: { fa: 'پیشنهادها', en: 'Ideas' },
    keywords: ['پیشنهاد', 'idea', 'suggestion'],
    guidance: {
      fa: 'اگر اجازه دهید، پیشنهاد شما بدون نام و شماره تماس در سامانه مشارکت شهروندی منتشر می‌شود تا دیگران نظر دهند.',
      en: 'If you allow it, your idea is published on the participation platform, without your name or number, for others to comment on.',
    },
    suggestionsAllowed: true,
  },
  {
    system: '137',
    code: 'contractor-misconduct',
    name: { fa: 'تخلف پیمانکار شهرداری', en: 'Municipal contractor misconduct' },
    description: {
      fa: 'رفتار نادرست یا تخلف پیمانکاری که برای شهرداری کار می‌کند.',
      en: 'Misconduct or wrongdoing by a contractor working for the municipality.',
    },
    group: { fa: 'شکایت', en: 'Complaints' },
    keywords: ['پیمانکار', 'تخلف', 'contractor'],
    guidance: {
      fa: 'این گزارش محرمانه است: فقط واحد رسیدگی‌کننده آن را می‌بیند و در فهرست‌ها و آمار عمومی نمی‌آید.',
      en: 'This report is confidential: only the unit handling it sees it, and it never appears in public lists or statistics.',
    },
    visibility: 'private',
  },
  {
    system: '1888',
    code: 'staff-misconduct',
    name: { fa: 'رفتار نامناسب کارکنان', en: 'Staff misconduct' },
    description: { fa: 'برخورد نامناسب یا تخلف کارکنان شهرداری.', en: 'Improper conduct or wrongdoing by municipal staff.' },
    group: { fa: 'شکایت از کارکنان', en: 'Complaints about staff' },
    keywords: ['شکایت', 'کارمند', 'complaint', 'staff'],
    guidance: {
      fa: 'زمان، مکان و واحد را بنویسید. گزارش شما محرمانه است و فقط بازرسان آن را می‌بینند.',
      en: 'Give the time, place and unit. Your report is confidential: only inspectors see it.',
    },
    visibility: 'private',
    attributes: [
      { code: 'occurred_at', datatype: 'datetime', required: false, order: 1, description: { fa: 'زمان رخداد', en: 'When it happened' } },
      { code: 'unit_name', datatype: 'string', required: false, order: 2, description: { fa: 'نام واحد یا اداره', en: 'Unit or office' } },
    ],
  },
  {
    system: '1888',
    code: 'bribery',
    name: { fa: 'درخواست رشوه', en: 'Bribery request' },
    description: { fa: 'درخواست وجه یا هدیه برای انجام کار اداری.', en: 'Money or a gift asked for an official service.' },
    group: { fa: 'شکایت از کارکنان', en: 'Complaints about staff' },
    keywords: ['رشوه', 'bribe'],
    guidance: { fa: 'گزارش شما محرمانه است. مبلغ و زمان را اگر می‌دانید بنویسید.', en: 'Your report is confidential. Give the amount and time if you know them.' },
    visibility: 'private',
    attributes: [{ code: 'amount_rial', datatype: 'number', required: false, order: 1, description: { fa: 'مبلغ درخواستی (ریال)', en: 'Amount asked (rial)' } }],
  },
  {
    system: '1888',
    code: 'permit-delay',
    name: { fa: 'تأخیر در صدور پروانه', en: 'Permit delay' },
    description: { fa: 'تأخیر بی‌دلیل در صدور پروانه یا پاسخ اداری.', en: 'An unexplained delay in a permit or official answer.' },
    group: { fa: 'شکایت از روند اداری', en: 'Complaints about procedures' },
    keywords: ['پروانه', 'تأخیر', 'permit', 'delay'],
    guidance: { fa: 'شماره پرونده و تاریخ ثبت درخواست را بنویسید.', en: 'Give the file number and the date you applied.' },
    visibility: 'private',
    attributes: [{ code: 'file_number', datatype: 'string', required: false, order: 1, description: { fa: 'شماره پرونده', en: 'File number' } }],
  },
  {
    system: '1888',
    code: 'unfair-fine',
    name: { fa: 'جریمه یا عوارض ناعادلانه', en: 'Unfair fine or charge' },
    description: { fa: 'جریمه یا عوارضی که به نظر شما نادرست است.', en: 'A fine or charge you believe is wrong.' },
    group: { fa: 'شکایت از روند اداری', en: 'Complaints about procedures' },
    keywords: ['جریمه', 'عوارض', 'fine'],
    guidance: { fa: 'شماره قبض یا برگ جریمه را بنویسید.', en: 'Give the bill or ticket number.' },
    visibility: 'private',
  },
  {
    system: '1888',
    code: 'service-improvement',
    name: { fa: 'پیشنهاد بهبود خدمات', en: 'Improving a service' },
    description: { fa: 'پیشنهادی برای بهتر شدن خدمات و روندهای شهرداری.', en: 'An idea to improve the municipality’s services and procedures.' },
    group: { fa: 'پیشنهادها', en: 'Ideas' },
    keywords: ['پیشنهاد', 'بهبود', 'idea'],
    guidance: {
      fa: 'پیشنهاد شما مانند هر پیام سامانه ۱۸۸۸ محرمانه می‌ماند و فقط به بازرسی می‌رسد؛ چیزی از آن منتشر نمی‌شود.',
      en: 'Like every message of the 1888 line, your idea stays confidential and reaches the inspection only; nothing of it is published.',
    },
  },
];

/** The demo policies: Tehran's working week, escalation limits, a one-month feedback window, routing. */
export const demoSettings: Settings = {
  statistics: { minimumCount: 5 },
  calendar: {
    timeZone: 'Asia/Tehran',
    week: DEFAULT_TEHRAN_WEEK,
    // Official holidays of 1405 (a sample: Nowruz, Nature Day, Islamic Republic Day).
    holidays: ['1405-01-01', '1405-01-02', '1405-01-03', '1405-01-04', '1405-01-12', '1405-01-13', '1405-03-14', '1405-03-15', '1405-11-22', '1405-12-29'],
  },
  escalation: {
    default: {
      match: {},
      stages: {
        triage: { businessHours: 8, escalateTo: 'parent' },
        referral: { businessHours: 16, escalateTo: 'parent' },
        response: { businessHours: 72, escalateTo: 'parent' },
      },
      supervisorUnitId: 'municipality',
      notifyCitizen: false,
    },
    rules: [
      {
        match: { system: '1888' },
        stages: { triage: { businessHours: 4, escalateTo: 'parent' }, response: { businessHours: 40, escalateTo: 'parent' } },
        supervisorUnitId: 'inspection',
        notifyCitizen: false,
      },
      {
        match: { system: '137', serviceCode: 'flooding' },
        stages: { referral: { businessHours: 2, escalateTo: 'parent' }, response: { businessHours: 8, escalateTo: 'parent' } },
        notifyCitizen: true,
      },
    ],
  },
  feedback: { window: { months: 1, days: 0 }, reopenOnUnresolved: true, maxReopens: 2 },
  feedbackBySystem: {},
  // Citizens file a blocked gutter as garbage as often as surface water: the two are related.
  duplicates: duplicatePolicySchema.parse({ relatedServices: [['garbage', 'flooding']] }),
  duplicatesBySystem: {},
  routing: [
    { match: { system: '137', serviceCode: 'streetlight' }, unitId: 'district-{region}-technical' },
    { match: { system: '137', serviceCode: 'pothole' }, unitId: 'district-{region}-technical' },
    { match: { system: '137', serviceCode: 'garbage' }, unitId: 'district-{region}-services' },
    { match: { system: '137', serviceCode: 'flooding' }, unitId: 'district-{region}-services' },
    { match: { system: '137', serviceCode: 'trees' }, unitId: 'district-{region}-services' },
    { match: { system: '137' }, unitId: 'district-{region}' },
    { match: { system: '1888' }, unitId: 'inspection-complaints' },
  ],
  regions: null,
};

/** The demo API key. Exists only with demo data. */
export const DEMO_API_KEY = 'demo';

/** The demo staff tokens and what each may do. Exist only with demo data. */
export const demoStaffTokens: { token: string; name: string; role: StaffRole; unitIds: string[] | null }[] = [
  { token: 'demo-operator', name: 'Demo operator', role: 'operator', unitIds: ['municipality'] },
  { token: 'demo-handler', name: 'Demo handler, district 6', role: 'handler', unitIds: ['district-6'] },
  { token: 'demo-supervisor', name: 'Demo supervisor', role: 'supervisor', unitIds: null },
  { token: 'demo-analyst', name: 'Demo analyst', role: 'analyst', unitIds: null },
  { token: 'demo-admin', name: 'Demo administrator', role: 'admin', unitIds: null },
];

/** A member of staff's role: operators triage, handlers handle their unit's messages, analysts read statistics. */
export type StaffRole = 'operator' | 'handler' | 'supervisor' | 'analyst' | 'admin';
