/* A deterministic synthetic caseload for trying jobdesk out and for benchmarks.
 *
 * Person i is drawn from its own random stream (splitmix64 seeded from the seed and i), so the
 * caseload depends on the seed and the count alone. ID numbers are unique by construction: a
 * keyed permutation (a Feistel network, cycle-walked) maps i to a distinct slot of "birth date
 * and three-digit sequence" within ages 16 to 60, so no two persons share the 14 digits after
 * the region, whatever regions they are given. Younger age bands use more sequence numbers per
 * day than older ones, which makes the caseload younger, as job seekers are.
 *
 * Persons are written a batch at a time, each batch one db_transaction, so batches already
 * committed stay if a later one fails. */
#include "core/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/note.h"
#include "core/person.h"
#include "core/progress.h"
#include "util/date.h"
#include "util/idnum.h"
#include "util/xalloc.h"

const long demo_max_persons = 10000000;
const char *const demo_kinds[5] = { "training", "internship", "startup", "grassroots",
	"employment" };

/* Persons per transaction unless told otherwise. */
static const long demo_default_batch = 10000;
/* While filling: statement journals in memory (every insert that fires an audit trigger
 * needs one, and on disk they cost a pwrite per page), and a page cache of 128 MiB. */
static const char demo_pragmas_on[] = "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072";
/* Afterwards: the defaults again. */
static const char demo_pragmas_off[] = "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000";
/* The most enrollments, certificates and notes one person gets. */
enum { DEMO_MAX_ENR = 4, DEMO_MAX_CERT = 2, DEMO_MAX_NOTES = 3, DEMO_BANDS = 3 };

/* A random stream: splitmix64. */
struct demo_rng {
	uint64_t s;
};

/* A string and its weight. */
struct demo_item {
	const char *s;
	int w;
};

/* A region of the ID number, with where its people live and work. */
struct demo_region {
	const char *code;
	const char *city;     /* for unit names: 长春 */
	const char *county;   /* 农安县, 南关区 */
	int w;                /* weight within its list */
	int urban;            /* per mille urban hukou */
};

/* An education level, the age it usually ends at, and its weights for younger and older people. */
struct demo_edu {
	const char *name;
	int age;
	int w_young, w_old;
};

/* An age band: ages a0..a1, and how many sequence numbers each birth day has. */
struct demo_band {
	int a0, a1, nseq;
};

/* The slots of ID numbers: per band, its first birth day, its days and its capacity. */
struct demo_space {
	int first[DEMO_BANDS], days[DEMO_BANDS];
	long cap[DEMO_BANDS];
	long total;
};

/* One generated enrollment with the text it points into. */
struct demo_enr {
	struct enrollment e;
	char start[11], end[11], licence[11];
	char unit[160];
	int kind;             /* index into demo_kinds */
	int cert_level;       /* 0: no certificate */
	char cert_on[11];
	const char *cert_occ;
};

/* One generated person's whole case. */
struct demo_case {
	struct person p;
	struct demo_enr enr[DEMO_MAX_ENR];
	int nenr;
	struct {
		int level;
		char on[11];
		const char *occ;
	} cert[DEMO_MAX_CERT];
	int ncert;
	char note[DEMO_MAX_NOTES][400];
	char followup[11];     /* the first note's follow-up, "" for none */
	int nnotes;
	bool closed;
};

/* The run: the database, today, the slots and the counselors. */
struct demo {
	struct db *db;
	uint64_t seed;
	int today;
	struct demo_space space;
	const char *counselors[8];
	int ncounselors;
};

static const struct demo_band demo_bands[DEMO_BANDS] = {
	{ 16, 29, 999 }, { 30, 44, 640 }, { 45, 60, 330 },
};

/* Surnames by frequency (per 10,000), northeast-leaning, with some polyphonic ones
 * (单 曾 解 区 仇 查 乐 盖 朴) and compound ones. */
static const struct demo_item demo_surnames[] = {
	{ "王", 740 }, { "李", 720 }, { "张", 690 }, { "刘", 560 }, { "陈", 420 }, { "杨", 320 },
	{ "赵", 260 }, { "黄", 200 }, { "周", 190 }, { "吴", 180 }, { "孙", 200 }, { "徐", 147 },
	{ "马", 129 }, { "朱", 126 }, { "胡", 120 }, { "郭", 118 }, { "何", 100 }, { "高", 130 },
	{ "林", 90 }, { "罗", 80 }, { "郑", 80 }, { "梁", 75 }, { "谢", 70 }, { "宋", 70 },
	{ "唐", 60 }, { "许", 61 }, { "韩", 70 }, { "冯", 60 }, { "邓", 50 }, { "曹", 57 },
	{ "彭", 50 }, { "曾", 50 }, { "肖", 51 }, { "田", 55 }, { "董", 55 }, { "袁", 45 },
	{ "潘", 45 }, { "于", 110 }, { "蒋", 40 }, { "蔡", 40 }, { "余", 40 }, { "杜", 45 },
	{ "叶", 38 }, { "程", 40 }, { "苏", 40 }, { "魏", 45 }, { "吕", 40 }, { "丁", 36 },
	{ "任", 38 }, { "沈", 34 }, { "姚", 33 }, { "卢", 32 }, { "姜", 70 }, { "崔", 45 },
	{ "钟", 25 }, { "谭", 25 }, { "陆", 27 }, { "汪", 22 }, { "范", 28 }, { "金", 30 },
	{ "石", 26 }, { "廖", 18 }, { "贾", 26 }, { "夏", 22 }, { "韦", 12 }, { "付", 25 },
	{ "方", 20 }, { "白", 24 }, { "邹", 19 }, { "孟", 24 }, { "熊", 16 }, { "秦", 18 },
	{ "邱", 17 }, { "江", 17 }, { "尹", 18 }, { "薛", 18 }, { "闫", 20 }, { "段", 15 },
	{ "雷", 14 }, { "侯", 16 }, { "龙", 10 }, { "史", 14 }, { "陶", 12 }, { "黎", 8 },
	{ "贺", 12 }, { "顾", 11 }, { "毛", 11 }, { "郝", 14 }, { "龚", 8 }, { "邵", 10 },
	{ "万", 10 }, { "钱", 9 }, { "严", 9 }, { "武", 12 }, { "戴", 9 }, { "孔", 9 },
	{ "汤", 7 }, { "常", 10 }, { "葛", 8 }, { "单", 6 }, { "解", 4 }, { "仇", 3 },
	{ "查", 3 }, { "区", 1 }, { "乐", 2 }, { "盖", 3 }, { "朴", 3 }, { "欧阳", 2 },
	{ "司马", 1 }, { "上官", 1 }, { "诸葛", 1 },
};

/* Surnames of the Korean families of Yanbian. */
static const struct demo_item demo_korean_surnames[] = {
	{ "金", 30 }, { "朴", 20 }, { "崔", 15 }, { "李", 15 }, { "郑", 8 }, { "姜", 6 }, { "韩", 6 },
};

static const char *const demo_male_chars[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
	"飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳",
	"建", "国", "志", "海", "东", "峰", "亮", "成", "晨", "博", "文", "新", "利", "庆", "春",
	"德", "福", "生", "金", "宝", "子", "天", "振", "忠", "胜", "铁", "永", "兴", "家", "学",
};

static const char *const demo_female_chars[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "华", "慧", "巧",
	"美", "倩", "婷", "雪", "琳", "晶", "颖", "欣", "佳", "悦", "萍", "红", "梅", "莉", "燕",
	"丹", "蕾", "璐", "月", "洁", "琪", "妍", "雨", "萱", "怡", "凤", "兰", "琴", "云", "玉",
	"珍", "春", "爽", "楠", "丽",
};

/* Regions of Jilin, weighted roughly by population. */
static const struct demo_region demo_jilin[] = {
	{ "220102", "长春", "南关区", 60, 900 }, { "220103", "长春", "宽城区", 55, 880 },
	{ "220104", "长春", "朝阳区", 65, 920 }, { "220105", "长春", "二道区", 50, 860 },
	{ "220106", "长春", "绿园区", 55, 870 }, { "220112", "长春", "双阳区", 25, 450 },
	{ "220122", "长春", "农安县", 60, 250 }, { "220182", "长春", "榆树市", 60, 250 },
	{ "220183", "长春", "德惠市", 45, 300 }, { "220202", "吉林", "昌邑区", 40, 850 },
	{ "220203", "吉林", "龙潭区", 35, 800 }, { "220204", "吉林", "船营区", 35, 850 },
	{ "220281", "吉林", "蛟河市", 25, 400 }, { "220282", "吉林", "桦甸市", 22, 400 },
	{ "220302", "四平", "铁西区", 20, 850 }, { "220303", "四平", "铁东区", 20, 800 },
	{ "220382", "四平", "双辽市", 20, 350 }, { "220402", "辽源", "龙山区", 20, 850 },
	{ "220422", "辽源", "东辽县", 15, 250 }, { "220502", "通化", "东昌区", 20, 850 },
	{ "220581", "通化", "梅河口市", 25, 450 }, { "220582", "通化", "集安市", 10, 400 },
	{ "220602", "白山", "浑江区", 18, 800 }, { "220702", "松原", "宁江区", 30, 750 },
	{ "220721", "松原", "前郭尔罗斯蒙古族自治县", 25, 300 }, { "220802", "白城", "洮北区", 20, 700 },
	{ "220881", "白城", "洮南市", 15, 350 }, { "222401", "延吉", "延吉市", 30, 850 },
	{ "222402", "图们", "图们市", 6, 700 }, { "222403", "敦化", "敦化市", 18, 500 },
	{ "222404", "珲春", "珲春市", 10, 650 },
};

/* Regions of other provinces, for people who moved to Jilin. */
static const struct demo_region demo_elsewhere[] = {
	{ "110105", "北京", "朝阳区", 6, 950 }, { "130102", "石家庄", "长安区", 6, 800 },
	{ "150102", "呼和浩特", "新城区", 6, 800 }, { "150402", "赤峰", "红山区", 8, 600 },
	{ "210102", "沈阳", "和平区", 12, 900 }, { "210202", "大连", "中山区", 8, 900 },
	{ "230102", "哈尔滨", "道里区", 14, 850 }, { "230602", "大庆", "萨尔图区", 8, 850 },
	{ "370102", "济南", "历下区", 6, 850 }, { "410102", "郑州", "中原区", 6, 800 },
	{ "510104", "成都", "锦江区", 4, 900 }, { "420102", "武汉", "江岸区", 4, 900 },
	{ "341222", "阜阳", "太和县", 5, 200 }, { "412723", "周口", "商水县", 5, 200 },
};

static const struct demo_edu demo_edus[] = {
	{ "none", 0, 2, 15 }, { "primary", 12, 10, 90 }, { "junior_high", 15, 190, 330 },
	{ "senior_high", 18, 150, 190 }, { "secondary_vocational", 18, 120, 80 },
	{ "technical_school", 19, 60, 60 }, { "junior_college", 21, 200, 120 },
	{ "bachelor", 22, 230, 100 }, { "master", 25, 30, 12 }, { "doctorate", 28, 8, 3 },
};
/* demo_edus index of the first level that counts as college. */
static const int demo_edu_college = 6;

static const char *const demo_phone_prefixes[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
	"155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183",
	"185", "186", "187", "188", "189", "198", "199",
};

static const char *const demo_brand_chars[] = {
	"华", "鑫", "恒", "达", "盛", "宏", "瑞", "泰", "兴", "通", "润", "远", "博", "嘉", "德",
	"安", "信", "诚", "丰", "源", "金", "天", "宇", "顺", "长", "吉", "祥", "汇", "中", "新",
};

static const char *const demo_industries[] = {
	"科技", "商贸", "物流", "建筑工程", "食品", "汽车零部件", "农业科技", "餐饮管理",
	"家政服务", "物业管理", "电子商务", "机械制造", "医药", "广告传媒", "装饰工程",
};

static const char *const demo_shops[] = {
	"小吃店", "便利店", "汽车修理部", "美发店", "农资经销部", "快递代办点", "服装店",
	"家电维修部", "烧烤店", "水果店",
};

static const char *const demo_towns[] = {
	"合隆", "兴隆", "太平", "永安", "新立", "长岭", "双河", "东风", "红旗", "靠山", "三盛",
	"万宝",
};

static const char *const demo_west[] = {
	"新疆和田地区团委", "西藏林芝市团委", "甘肃张掖市团委", "青海海东市团委", "宁夏固原市团委",
	"贵州毕节市团委",
};

/* Occupations of skill certificates (国家职业资格). */
static const char *const demo_occupations[] = {
	"电工", "焊工", "育婴员", "中式烹调师", "中式面点师", "美容师", "美发师", "保育员",
	"养老护理员", "汽车维修工", "计算机操作员", "家政服务员", "电子商务师", "茶艺师",
	"保安员", "叉车司机", "西式面点师", "农机修理工", "钳工", "车工",
};

/* Jobs people say they want, for notes. */
static const char *const demo_wishes[] = {
	"销售", "文员", "司机", "厨师", "保洁", "仓库管理", "电工", "客服", "保安", "收银员",
	"快递员", "会计", "幼儿教师", "护工", "普工",
};

static const char *const demo_counselor_logins[] = { "zhangwei", "lina", "wangfang", "liuyang",
	"chenjing" };
static const char *const demo_counselor_names[] = { "张伟", "李娜", "王芳", "刘洋", "陈静" };

/* Scramble 64 bits (the splitmix64 finaliser). */
static uint64_t
demo_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The next 64 random bits. */
static uint64_t
demo_next(struct demo_rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return demo_mix(r->s);
}

/* A random number in [0, n). */
static int
demo_below(struct demo_rng *r, int n)
{
	return n <= 0 ? 0 : (int)(((demo_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A random number in [lo, hi]. */
static int
demo_range(struct demo_rng *r, int lo, int hi)
{
	return lo + demo_below(r, hi - lo + 1);
}

/* True with a chance of permille in 1000. */
static bool
demo_chance(struct demo_rng *r, int permille)
{
	return demo_below(r, 1000) < permille;
}

/* One string of a weighted list. */
static const char *
demo_pick(struct demo_rng *r, const struct demo_item *it, size_t n)
{
	int total = 0;

	for (size_t i = 0; i < n; i++)
		total += it[i].w;
	int x = demo_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < it[i].w)
			return it[i].s;
		x -= it[i].w;
	}
	return it[n - 1].s;
}

/* One string of a list, all equally likely. */
static const char *
demo_any(struct demo_rng *r, const char *const *list, size_t n)
{
	return list[demo_below(r, (int)n)];
}

/* One character of a business name. */
static const char *
demo_brand(struct demo_rng *r)
{
	return demo_any(r, demo_brand_chars, sizeof demo_brand_chars / sizeof *demo_brand_chars);
}

/* One region of a weighted list. */
static const struct demo_region *
demo_region_pick(struct demo_rng *r, const struct demo_region *list, size_t n)
{
	int total = 0;

	for (size_t i = 0; i < n; i++)
		total += list[i].w;
	int x = demo_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < list[i].w)
			return &list[i];
		x -= list[i].w;
	}
	return &list[n - 1];
}

/* Lay out the ID number slots of the age bands as of today. */
static void
demo_space_init(struct demo_space *sp, int today)
{
	sp->total = 0;
	for (int b = 0; b < DEMO_BANDS; b++) {
		int latest = date_add_months(today, -12 * demo_bands[b].a0);
		int earliest = date_add_months(today, -12 * (demo_bands[b].a1 + 1)) + 1;
		sp->first[b] = earliest;
		sp->days[b] = latest - earliest + 1;
		sp->cap[b] = (long)sp->days[b] * demo_bands[b].nseq;
		sp->total += sp->cap[b];
	}
	if (sp->total < demo_max_persons)
		fatal("demo: only %ld ID number slots for %ld persons", sp->total, demo_max_persons);
}

/* A keyed permutation of 24-bit numbers (a four-round Feistel network). */
static uint32_t
demo_feistel(uint64_t key, uint32_t x)
{
	uint32_t l = x >> 12, r = x & 0xfff;

	for (uint64_t round = 0; round < 4; round++) {
		uint32_t f = (uint32_t)(demo_mix(key ^ (round << 40) ^ r) & 0xfff);
		uint32_t t = l ^ f;
		l = r;
		r = t;
	}
	return (l << 12) | r;
}

/* The slot of person i: a permutation of [0, total), walking the cycle until it lands inside. */
static long
demo_slot(const struct demo *dm, long i)
{
	uint32_t x = (uint32_t)i;
	uint64_t key = demo_mix(dm->seed ^ 0x1d0a2c3b4e5f6071ULL);

	do
		x = demo_feistel(key, x);
	while ((long)x >= dm->space.total);
	return (long)x;
}

/* Write person i's unique ID number for a region; sets *birth (day number). */
static void
demo_id_number(const struct demo *dm, long i, const char *region, char out[19], int *birth)
{
	long k = demo_slot(dm, i);
	int b = 0, y, m, d;

	while (b < DEMO_BANDS - 1 && k >= dm->space.cap[b])
		k -= dm->space.cap[b++];
	*birth = dm->space.first[b] + (int)(k / demo_bands[b].nseq);
	int seq = 1 + (int)(k % demo_bands[b].nseq);
	date_to_ymd(*birth, &y, &m, &d);
	/* unsigned and bounded, so the compiler sees the 17 characters it always is */
	snprintf(out, 19, "%.6s%04u%02u%02u%03u", region, (unsigned)y % 10000u, (unsigned)m % 100u,
	    (unsigned)d % 100u, (unsigned)seq % 1000u);
	out[17] = idnum_check_char(out);
	out[18] = '\0';
}

/* The random stream of person i. */
static struct demo_rng
demo_stream(uint64_t seed, long i)
{
	struct demo_rng r = { demo_mix(seed * 0x9e3779b97f4a7c15ULL + (uint64_t)i) };

	return r;
}

/* Draw person i's region (the first draws of its stream) and make its ID number. */
static const struct demo_region *
demo_identity(const struct demo *dm, long i, struct demo_rng *r, char idn[19], int *birth)
{
	const struct demo_region *rg;

	if (demo_chance(r, 900))
		rg = demo_region_pick(r, demo_jilin, sizeof demo_jilin / sizeof *demo_jilin);
	else
		rg = demo_region_pick(r, demo_elsewhere, sizeof demo_elsewhere / sizeof *demo_elsewhere);
	demo_id_number(dm, i, rg->code, idn, birth);
	return rg;
}

/* The ID number person i of a demo with this seed gets as of today. */
void
demo_person_id(uint64_t seed, long i, int today, char out[19])
{
	struct demo dm = { .seed = seed, .today = today };
	struct demo_rng r = demo_stream(seed, i);
	int birth;

	demo_space_init(&dm.space, today);
	demo_identity(&dm, i, &r, out, &birth);
}

/* Set a field from generated text; generated values are always valid, so a refusal is a bug. */
static void
demo_set(struct person *p, int field, const char *value)
{
	char why[256];

	if (person_set(p, field, value, why, sizeof why) != 0)
		fatal("demo: %s '%s': %s", person_fields[field].name, value, why);
}

/* Set a flag field. */
static void
demo_flag(struct person *p, int field, bool on)
{
	demo_set(p, field, on ? "1" : "0");
}

/* A company name in a city: 长春恒达物流有限公司. */
static void
demo_company(struct demo_rng *r, const char *city, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s%s有限公司", city, demo_brand(r),
	    demo_brand(r),
	    demo_any(r, demo_industries, sizeof demo_industries / sizeof *demo_industries));
}

/* An employer of a kind in a city or county. */
static void
demo_employer(struct demo_rng *r, const char *kind, const struct demo_region *rg, char *out,
    size_t len)
{
	const char *town = demo_any(r, demo_towns, sizeof demo_towns / sizeof *demo_towns);

	if (strcmp(kind, "social_org") == 0)
		snprintf(out, len, "%s市%s%s社会工作服务中心", rg->city,
		    demo_brand(r), demo_brand(r));
	else if (strcmp(kind, "public_institution") == 0)
		snprintf(out, len, "%s%s镇卫生院", rg->county, town);
	else if (strcmp(kind, "government") == 0)
		snprintf(out, len, "%s%s镇人民政府", rg->county, town);
	else
		demo_company(r, rg->city, out, len);
}

/* The graduation date for an education level ending at age, or -1 when not yet reached. */
static int
demo_graduation(struct demo_rng *r, int birth, int age, int today)
{
	int y, m, d;

	date_to_ymd(birth, &y, &m, &d);
	int year = y + age + (m >= 9) + demo_chance(r, 100);
	for (; year >= y + age; year--) {
		int g = date_from_ymd(year, 7, 1);
		if (g <= today)
			return g;
	}
	return -1;
}

/* Choose the education and graduation date; returns the demo_edus index. */
static int
demo_education(struct demo_rng *r, struct demo_case *c, int birth, int today, int *grad)
{
	int age = date_years_between(birth, today), total = 0, e = 0;
	size_t n = sizeof demo_edus / sizeof *demo_edus;

	for (size_t i = 0; i < n; i++)
		total += age < 35 ? demo_edus[i].w_young : demo_edus[i].w_old;
	int x = demo_below(r, total);
	for (size_t i = 0; i < n; i++) {
		int w = age < 35 ? demo_edus[i].w_young : demo_edus[i].w_old;
		if (x < w) {
			e = (int)i;
			break;
		}
		x -= w;
	}
	*grad = -1;
	for (; e > 0; e--)
		if ((*grad = demo_graduation(r, birth, demo_edus[e].age, today)) >= 0)
			break;
	demo_set(&c->p, PF_EDUCATION, demo_edus[e].name);
	if (*grad >= 0) {
		char buf[11];
		demo_set(&c->p, PF_GRADUATION_DATE, date_format(*grad, buf));
	}
	return e;
}

/* A training enrollment's details: its kind, class hours and provider. */
static void
demo_training(struct demo_rng *r, struct demo_enr *x, const struct demo_region *rg)
{
	static const struct demo_item kinds[] = {
		{ "employment_skills", 60 }, { "startup", 15 }, { "guidance", 10 },
		{ "apprenticeship", 8 }, { "technician", 7 },
	};
	const char *k = demo_pick(r, kinds, 5);

	x->e.training_kind = k;
	if (strcmp(k, "startup") == 0)
		x->e.class_hours = demo_range(r, 7, 10) * 8;
	else if (strcmp(k, "guidance") == 0)
		x->e.class_hours = demo_range(r, 1, 3) * 8;
	else if (strcmp(k, "apprenticeship") == 0)
		x->e.class_hours = demo_range(r, 40, 100) * 8;
	else if (strcmp(k, "technician") == 0)
		x->e.class_hours = demo_range(r, 25, 60) * 8;
	else
		x->e.class_hours = demo_range(r, 5, 30) * 8;
	if (demo_chance(r, 300))
		snprintf(x->unit, sizeof x->unit, "%s市公共就业训练中心", rg->city);
	else
		snprintf(x->unit, sizeof x->unit, "%s市%s%s职业技能培训学校", rg->city,
		    demo_brand(r), demo_brand(r));
}

/* Fill an enrollment of a kind: unit and the kind's own details. */
static void
demo_kind_details(struct demo_rng *r, struct demo_enr *x, const struct demo_region *rg,
    bool first_startup)
{
	static const struct demo_item startups[] = {
		{ "micro_enterprise", 40 }, { "individual_business", 50 }, { "other", 10 },
	};
	static const struct demo_item programs[] = {
		{ "xuandiao", 10 }, { "sanzhi_yifu", 40 }, { "xibu", 20 }, { "tegang", 20 },
		{ "public_service", 10 },
	};
	static const struct demo_item employers[] = {
		{ "enterprise", 75 }, { "social_org", 5 }, { "public_institution", 12 },
		{ "government", 3 }, { "none", 5 },
	};
	const char *town = demo_any(r, demo_towns, sizeof demo_towns / sizeof *demo_towns);

	switch (x->kind) {
	case 0:
		demo_training(r, x, rg);
		break;
	case 1:
		demo_company(r, rg->city, x->unit, sizeof x->unit);
		break;
	case 2:
		x->e.startup_kind = demo_pick(r, startups, 3);
		x->e.first_time = first_startup ? demo_chance(r, 920) : 0;
		if (strcmp(x->e.startup_kind, "individual_business") == 0)
			snprintf(x->unit, sizeof x->unit, "%s%s%s%s", rg->county,
			    demo_brand(r), demo_brand(r),
			    demo_any(r, demo_shops, sizeof demo_shops / sizeof *demo_shops));
		else if (strcmp(x->e.startup_kind, "other") == 0)
			snprintf(x->unit, sizeof x->unit, "%s%s镇%s%s种植专业合作社", rg->county, town,
			    demo_brand(r), demo_brand(r));
		else
			demo_company(r, rg->city, x->unit, sizeof x->unit);
		break;
	case 3:
		x->e.program = demo_pick(r, programs, 5);
		if (strcmp(x->e.program, "xibu") == 0)
			snprintf(x->unit, sizeof x->unit, "%s",
			    demo_any(r, demo_west, sizeof demo_west / sizeof *demo_west));
		else if (strcmp(x->e.program, "tegang") == 0)
			snprintf(x->unit, sizeof x->unit, "%s%s镇中心小学", rg->county, town);
		else if (strcmp(x->e.program, "xuandiao") == 0)
			snprintf(x->unit, sizeof x->unit, "%s人民政府办公室", rg->county);
		else if (strcmp(x->e.program, "public_service") == 0)
			snprintf(x->unit, sizeof x->unit, "%s%s镇社区服务中心", rg->county, town);
		else
			snprintf(x->unit, sizeof x->unit, "%s%s镇农业技术推广站", rg->county, town);
		break;
	default:
		x->e.employer_kind = demo_pick(r, employers, 5);
		if (strcmp(x->e.employer_kind, "none") == 0)
			snprintf(x->unit, sizeof x->unit, "%s%s%s%s", rg->county,
			    demo_brand(r), demo_brand(r),
			    demo_any(r, demo_shops, sizeof demo_shops / sizeof *demo_shops));
		else
			demo_employer(r, x->e.employer_kind, rg, x->unit, sizeof x->unit);
		break;
	}
	x->e.unit_name = x->unit;
}

/* How long an enrollment of a kind runs, in days. */
static int
demo_duration(struct demo_rng *r, const struct demo_enr *x)
{
	switch (x->kind) {
	case 0:
		return x->e.class_hours / 6 + demo_range(r, 5, 20);
	case 1:
		return demo_range(r, 3, 12) * 30;
	case 2:
		return demo_range(r, 200, 1500);
	case 3:
		return demo_range(r, 24, 36) * 30;
	default:
		return demo_range(r, 60, 1500);
	}
}

/* Pick the kind of the next enrollment from what fits the person. */
static int
demo_kind(struct demo_rng *r, int age, bool college)
{
	int w[5] = { 350, college && age <= 30 ? 200 : 0, age >= 20 ? 110 : 0,
		college && age <= 35 ? 90 : 0, 280 };
	int total = 0;

	for (int k = 0; k < 5; k++)
		total += w[k];
	int x = demo_below(r, total);
	for (int k = 0; k < 5; k++) {
		if (x < w[k])
			return k;
		x -= w[k];
	}
	return 4;
}

/* Set the status and its details once the dates are known; planned has no dates yet. */
static void
demo_status(struct demo_rng *r, struct demo_enr *x, const char *status)
{
	x->e.status = status;
	bool active = strcmp(status, "active") == 0, done = strcmp(status, "completed") == 0;
	if (x->kind == 2) {
		if (x->e.start_date != NULL) {
			memcpy(x->licence, x->start, sizeof x->licence);
			x->e.license_date = x->licence;
		}
		x->e.operating = active ? demo_chance(r, 870) : 0;
		x->e.social_insurance = x->e.operating == 1 ? demo_chance(r, 550) : 0;
	} else if (x->kind == 3) {
		x->e.assessed_pass = done ? demo_chance(r, 920) : strcmp(status, "dropped") == 0 ? 0 : -1;
	}
}

/* A certificate after a completed skills training, issued a few weeks after its end. */
static void
demo_training_cert(struct demo_rng *r, struct demo_enr *x, int end, int today)
{
	const char *k = x->e.training_kind;

	if (strcmp(k, "startup") == 0 || strcmp(k, "guidance") == 0 || !demo_chance(r, 600))
		return;
	int on = end + demo_range(r, 10, 45);
	if (on > today)
		return;
	if (strcmp(k, "technician") == 0)
		x->cert_level = demo_chance(r, 700) ? 2 : demo_chance(r, 500) ? 1 : 3;
	else
		x->cert_level = demo_chance(r, 680) ? 5 : demo_chance(r, 850) ? 4 : 3;
	date_format(on, x->cert_on);
	x->cert_occ = demo_any(r, demo_occupations, sizeof demo_occupations / sizeof *demo_occupations);
}

/* The enrollments of a life since leaving school, in order, the last perhaps still running. */
static void
demo_story(struct demo_rng *r, struct demo_case *c, const struct demo_region *rg, int birth,
    int adult, int today, bool college)
{
	static const int counts[] = { 280, 400, 220, 100 };
	int age = date_years_between(birth, today);
	int start = adult > today - 6 * 365 ? adult : today - 6 * 365;
	int n = 0, x = demo_below(r, 1000);
	bool first_startup = true;

	while (n < 3 && x >= counts[n])
		x -= counts[n++];
	int window = today - start;
	if (window < 60 && n > 1)
		n = 1;
	int cursor = start + demo_below(r, window / (n + 1) + 1);
	c->nenr = 0;
	for (int j = 0; j < n && c->nenr < DEMO_MAX_ENR; j++) {
		struct demo_enr *e = &c->enr[c->nenr];
		bool last = j == n - 1;
		int mode = demo_below(r, 1000);
		memset(e, 0, sizeof *e);
		progress_init(&e->e);
		e->kind = demo_kind(r, age, college);
		e->e.kind = demo_kinds[e->kind];
		demo_kind_details(r, e, rg, first_startup);
		if (e->kind == 2)
			first_startup = false;
		int dur = demo_duration(r, e);
		if (cursor > today)
			break;
		c->nenr++;
		if (last && mode < 120 && e->kind != 2 && e->kind != 4) {
			demo_status(r, e, "planned");
			break;
		}
		e->e.start_date = e->start;
		if (last && mode < 650) {
			int s = today - demo_below(r, dur);
			date_format(s > cursor ? s : cursor, e->start);
			demo_status(r, e, "active");
			break;
		}
		bool dropped = demo_chance(r, e->kind == 2 ? 500 : 130);
		int end = cursor + (dropped ? dur * demo_range(r, 10, 60) / 100 : dur);
		if (end >= today)
			end = today - 1;
		if (end < cursor)
			end = cursor;
		date_format(cursor, e->start);
		date_format(end, e->end);
		e->e.end_date = e->end;
		demo_status(r, e, dropped ? "dropped" : "completed");
		if (e->kind == 0 && !dropped)
			demo_training_cert(r, e, end, today);
		cursor = end + 1 + demo_below(r, window / (n + 1) + 1);
	}
}

/* Older certificates not tied to an enrollment here. */
static void
demo_certificates(struct demo_rng *r, struct demo_case *c, int adult, int today)
{
	c->ncert = 0;
	if (adult >= today || !demo_chance(r, 70))
		return;
	int n = demo_chance(r, 150) ? 2 : 1;
	for (int i = 0; i < n; i++) {
		c->cert[i].level = demo_chance(r, 600) ? 5 : demo_chance(r, 700) ? 4 : 3;
		date_format(adult + demo_below(r, today - adult), c->cert[i].on);
		c->cert[i].occ = demo_any(r, demo_occupations,
		    sizeof demo_occupations / sizeof *demo_occupations);
		c->ncert++;
	}
}

/* The notes a counselor wrote; the first perhaps with a follow-up date. */
static void
demo_notes(struct demo_rng *r, struct demo_case *c, int today)
{
	static const int counts[] = { 200, 400, 250, 150 };
	int n = 0, x = demo_below(r, 1000);
	const char *wish = demo_any(r, demo_wishes, sizeof demo_wishes / sizeof *demo_wishes);
	const char *occ = demo_any(r, demo_occupations,
	    sizeof demo_occupations / sizeof *demo_occupations);
	char company[160];

	while (n < 3 && x >= counts[n])
		x -= counts[n++];
	demo_company(r, "长春", company, sizeof company);
	for (int i = 0; i < n; i++) {
		char *b = c->note[i];
		size_t len = sizeof c->note[i];
		const struct demo_enr *e = c->nenr > 0 ? &c->enr[demo_below(r, c->nenr)] : NULL;
		switch (i == 0 ? 0 : demo_range(r, 1, 9)) {
		case 0:
			snprintf(b, len, "首次登记。求职意向：%s；已告知失业登记和就业援助政策，"
			    "约定回访。", wish);
			break;
		case 1:
			snprintf(b, len, "电话回访，本人仍在找工作，已推荐%s%s岗位，约定面试。", company,
			    wish);
			break;
		case 2:
			snprintf(b, len, "已告知创业担保贷款和一次性创业补贴政策，本人有意了解，"
			    "推荐参加创业培训。");
			break;
		case 3:
			snprintf(b, len, "推荐参加%s培训，本人同意报名。", occ);
			break;
		case 4:
			if (e != NULL)
				snprintf(b, len, "回访%s（%s），情况正常。", e->unit,
				    strcmp(e->e.status, "active") == 0 ? "进行中" :
				    strcmp(e->e.status, "completed") == 0 ? "已结束" :
				    strcmp(e->e.status, "dropped") == 0 ? "已退出" : "未开始");
			else
				snprintf(b, len, "电话回访，未接通，下次再联系。");
			break;
		case 5:
			snprintf(b, len, "上门走访，家庭较困难，已告知就业援助和公益性岗位政策。");
			break;
		case 6:
			snprintf(b, len, "本人外出务工，电话未接通，下次再联系。");
			break;
		case 7:
			snprintf(b, len, "已为其办理《就业创业证》。");
			break;
		case 8:
			snprintf(b, len, "本人表示暂不需要服务，留存联系方式。");
			break;
		default:
			snprintf(b, len, "培训结束，已报名参加%s职业技能鉴定。", occ);
			break;
		}
	}
	c->nnotes = n;
	c->followup[0] = '\0';
	if (n == 0 || !demo_chance(r, 780))
		return;
	int when = demo_below(r, 1000), day;
	if (when < 250)
		day = today - demo_range(r, 1, 45);
	else if (when < 330)
		day = today;
	else
		day = today + demo_range(r, 1, 60);
	date_format(day, c->followup);
}

/* The facts of schema step 4, from a stream of their own (so that every other draw stays as it
 * was): able to work asked of most, yes for nearly all of working age; a registration's dates
 * for the registered unemployed (still open) and for some who found work since (closed the day
 * before the job began); the employer's size and the day of hiring for a job at an enterprise
 * or social organisation; the benefit for the registered unemployed with a year of
 * contributions, running 12, 18 or 24 months by them from the registration. */
static void
demo_status_facts(const struct demo *dm, long i, struct demo_case *c, const struct demo_enr *now,
    int age, int adult, bool male)
{
	struct demo_rng rng = demo_stream(dm->seed ^ 0x5f3759dfULL, i), *r = &rng;
	const char *status = c->p.v[PF_EMPLOYMENT_STATUS], *months = c->p.v[PF_UNEMPLOYMENT_MONTHS];
	bool employed = status != NULL && strcmp(status, "employed") == 0;
	bool registered = c->p.v[PF_REGISTERED_UNEMPLOYED] != NULL &&
	    strcmp(c->p.v[PF_REGISTERED_UNEMPLOYED], "1") == 0;
	bool disabled = c->p.v[PF_DISABLED] != NULL && strcmp(c->p.v[PF_DISABLED], "1") == 0;
	bool working_age = age >= 16 && age < (male ? 60 : 55);
	char buf[16];
	int from = -1, start = -1;

	if (demo_chance(r, 850))
		demo_flag(&c->p, PF_ABLE_TO_WORK, working_age ?
		    demo_chance(r, disabled ? 700 : 985) : demo_chance(r, 300));
	if (now != NULL && now->kind == 4 && now->e.start_date != NULL)
		date_parse(now->e.start_date, &start);
	if (registered) {
		from = dm->today - demo_range(r, 20, 720);
	} else if (employed && start > adult + 60 && demo_chance(r, 200)) {
		/* registered once, the registration closed when the job began */
		from = start - demo_range(r, 30, 400);
		date_format(start - 1, buf);
		demo_set(&c->p, PF_REGISTERED_UNEMPLOYED_UNTIL, buf);
	}
	if (from >= 0) {
		if (from < adult)
			from = adult;
		if (from > dm->today)
			from = dm->today;
		date_format(from, buf);
		demo_set(&c->p, PF_REGISTERED_UNEMPLOYED_FROM, buf);
	}
	if (employed && now != NULL && now->kind == 4 && now->e.employer_kind != NULL &&
	    (strcmp(now->e.employer_kind, "enterprise") == 0 ||
	    strcmp(now->e.employer_kind, "social_org") == 0)) {
		if (demo_chance(r, 800)) {
			int k = demo_below(r, 1000);
			demo_set(&c->p, PF_EMPLOYER_SIZE, k < 350 ? "micro" : k < 700 ? "small" :
			    k < 900 ? "medium" : "large");
		}
		if (now->e.start_date != NULL && demo_chance(r, 900))
			demo_set(&c->p, PF_HIRED_ON, now->e.start_date);
	}
	if (registered && months != NULL && atoi(months) >= 12 && demo_chance(r, 600)) {
		int m = atoi(months), period = m < 60 ? 12 : m < 120 ? 18 : 24;
		int until = date_add_months(from, period) - 1;
		date_format(until, buf);
		demo_set(&c->p, PF_BENEFIT_UNTIL, buf);
		demo_flag(&c->p, PF_RECEIVING_BENEFIT, until >= dm->today);
	} else if (months != NULL && (employed || !registered)) {
		demo_flag(&c->p, PF_RECEIVING_BENEFIT, false);
	}
}

/* Draw person i's whole case. */
static void
demo_case_make(const struct demo *dm, long i, struct demo_case *c)
{
	struct demo_rng rng = demo_stream(dm->seed, i);
	struct demo_rng *r = &rng;
	const struct demo_region *rg;
	char idn[19], buf[64], why[256];
	int birth, grad;

	memset(c, 0, sizeof *c);
	/* Region, ID number, name. */
	rg = demo_identity(dm, i, r, idn, &birth);
	bool male = (idn[16] - '0') % 2 == 1;
	int age = date_years_between(birth, dm->today);
	const char *surname = strncmp(rg->code, "2224", 4) == 0 && demo_chance(r, 300) ?
	    demo_pick(r, demo_korean_surnames, 7) :
	    demo_pick(r, demo_surnames, sizeof demo_surnames / sizeof *demo_surnames);
	const char *const *pool = male ? demo_male_chars : demo_female_chars;
	int npool = male ? (int)(sizeof demo_male_chars / sizeof *demo_male_chars) :
	    (int)(sizeof demo_female_chars / sizeof *demo_female_chars);
	if (demo_chance(r, age >= 40 ? 320 : 150))
		snprintf(buf, sizeof buf, "%s%s", surname, pool[demo_below(r, npool)]);
	else
		snprintf(buf, sizeof buf, "%s%s%s", surname, pool[demo_below(r, npool)],
		    pool[demo_below(r, npool)]);
	demo_set(&c->p, PF_NAME, buf);
	demo_set(&c->p, PF_ID_NUMBER, idn);
	if (demo_chance(r, 930)) {
		snprintf(buf, sizeof buf, "%s%08d",
		    demo_any(r, demo_phone_prefixes, sizeof demo_phone_prefixes /
		    sizeof *demo_phone_prefixes), demo_below(r, 100000000));
		demo_set(&c->p, PF_PHONE, buf);
	}
	bool rural = !demo_chance(r, rg->urban);
	demo_set(&c->p, PF_HUKOU_TYPE, rural ? "rural" : "urban");

	/* Schooling, then what happened since. */
	int edu = demo_education(r, c, birth, dm->today, &grad);
	bool college = edu >= demo_edu_college;
	int adult = date_add_months(birth, 12 * 16);
	if (grad > adult)
		adult = grad;
	bool recent = grad >= 0 && dm->today - grad < 365;
	bool studying = recent && demo_chance(r, 40);
	demo_flag(&c->p, PF_CONTINUING_STUDY, studying);
	demo_story(r, c, rg, birth, adult, dm->today, college);
	demo_certificates(r, c, adult, dm->today);

	/* Where the story leaves them. */
	const struct demo_enr *now = NULL;
	for (int j = 0; j < c->nenr; j++)
		if (strcmp(c->enr[j].e.status, "active") == 0)
			now = &c->enr[j];
	const char *status = "unemployed", *employer = "none";
	if (studying) {
		status = "student";
	} else if (now != NULL && now->kind == 4) {
		status = "employed";
		employer = now->e.employer_kind;
	} else if (now != NULL && now->kind == 2 && now->e.operating == 1) {
		status = "self_employed";
	} else if (now != NULL && now->kind == 3) {
		status = "employed";
		employer = "government";
	} else if (demo_chance(r, 110)) {
		status = "flexible";
	}
	if (strcmp(employer, "none") == 0 && strcmp(status, "employed") == 0)
		status = "flexible";
	demo_set(&c->p, PF_EMPLOYMENT_STATUS, status);
	demo_set(&c->p, PF_EMPLOYER_KIND, employer);
	bool unemployed = strcmp(status, "unemployed") == 0;

	/* Household and personal flags, at low realistic rates. */
	bool disabled = demo_chance(r, 30);
	bool low_income = demo_chance(r, rural ? 60 : 35);
	bool zero_emp = !rural && demo_chance(r, 15);
	demo_flag(&c->p, PF_DISABLED, disabled);
	demo_flag(&c->p, PF_LOW_INCOME, low_income);
	demo_flag(&c->p, PF_REGISTERED_POOR, rural && demo_chance(r, 50));
	demo_flag(&c->p, PF_POOR_DISABLED, disabled && demo_chance(r, 250));
	demo_flag(&c->p, PF_EXTREMELY_POOR, demo_chance(r, 3));
	demo_flag(&c->p, PF_ZERO_EMPLOYMENT, zero_emp);
	if (college)
		demo_flag(&c->p, PF_STUDENT_LOAN, demo_chance(r, 120));
	else if (grad >= 0)
		demo_flag(&c->p, PF_STUDENT_LOAN, false);
	if (male && age >= 20 && demo_chance(r, 40))
		demo_set(&c->p, PF_VETERAN, age >= 35 && demo_chance(r, 100) ? "transferred_officer" :
		    "demobilised_soldier");
	else
		demo_set(&c->p, PF_VETERAN, "none");
	demo_flag(&c->p, PF_REGISTERED_UNEMPLOYED, unemployed && demo_chance(r, rural ? 150 : 500));
	bool hard = disabled || low_income || zero_emp || (male ? age >= 50 : age >= 40);
	demo_flag(&c->p, PF_EMPLOYMENT_DIFFICULTY, unemployed && demo_chance(r, hard ? 400 : 30));
	demo_flag(&c->p, PF_OVERCAPACITY_WORKER, age >= 35 && demo_chance(r, 25));
	demo_flag(&c->p, PF_RURAL_TRANSFER_WORKER, rural && age >= 18 && demo_chance(r, 350));
	bool startup = false;
	for (int j = 0; j < c->nenr; j++)
		startup |= c->enr[j].kind == 2;
	demo_flag(&c->p, PF_RETURNEE_ENTREPRENEUR, rural && startup && demo_chance(r, 350));
	demo_flag(&c->p, PF_JOB_SEEKING, unemployed ? demo_chance(r, 900) : demo_chance(r, 150));

	/* Insurance: months grow with working age; a few are unknown. */
	if (!demo_chance(r, 40)) {
		int most = (age - 18) * 12;
		int months = most <= 0 || demo_chance(r, 300) ? 0 : demo_range(r, 1, most * 2 / 3 + 1);
		snprintf(buf, sizeof buf, "%d", months > 1200 ? 1200 : months);
		demo_set(&c->p, PF_UNEMPLOYMENT_MONTHS, buf);
		demo_flag(&c->p, PF_SOCIAL_INSURANCE, strcmp(status, "employed") == 0 ?
		    demo_chance(r, 850) : demo_chance(r, 120));
	}

	/* Counselor, closed cases, notes and the next follow-up. */
	int who = i == 0 ? 0 : demo_below(r, 100) < 25 ? 0 : demo_range(r, 1, dm->ncounselors - 1);
	demo_set(&c->p, PF_COUNSELOR, dm->counselors[who]);
	c->closed = demo_chance(r, 20);
	if (c->closed)
		demo_set(&c->p, PF_STAGE, "closed");
	demo_notes(r, c, dm->today);
	if (c->closed)
		c->followup[0] = '\0';  /* a closed case is followed up no more */
	if (c->followup[0] != '\0')
		demo_set(&c->p, PF_NEXT_FOLLOWUP, c->followup);
	demo_status_facts(dm, i, c, now, age, adult, male);
	/* a synthetic person's hukou is where their number was issued (person_complete never
	 * takes it from the number: for a real one it is a fact to ask) */
	snprintf(buf, sizeof buf, "%.2s", idn);
	demo_set(&c->p, PF_HUKOU_PROVINCE, buf);
	if (person_complete(&c->p, dm->today, why, sizeof why) != 0)
		fatal("demo: person %ld (%s): %s", i, idn, why);
}

/* Free what a case holds. */
static void
demo_case_clear(struct demo_case *c)
{
	person_clear(&c->p);
	for (int j = 0; j < c->nenr; j++) {
		free(c->enr[j].e.id);
		c->enr[j].e.id = NULL;
	}
}

/* Insert one drawn case inside the open transaction. */
static int
demo_case_insert(struct demo *dm, struct person_writer *w, struct demo_case *c,
    struct demo_stats *st, struct diag *d)
{
	const char *pid;
	int ret;

	if ((ret = person_writer_add(w, &c->p, NULL, d)) != 0)
		return ret;
	pid = c->p.v[PF_ID];
	st->persons++;
	for (int j = 0; j < c->nenr; j++) {
		struct demo_enr *x = &c->enr[j];
		x->e.person_id = pid;
		if ((ret = progress_insert(dm->db, &x->e, d)) != 0)
			return ret;
		st->enrollments++;
		st->by_kind[x->kind]++;
		if (x->cert_level > 0) {
			if ((ret = progress_certificate(dm->db, pid, x->cert_level, x->cert_on,
			    x->cert_occ, x->e.id, d)) != 0)
				return ret;
			st->certificates++;
		}
	}
	for (int j = 0; j < c->ncert; j++) {
		if ((ret = progress_certificate(dm->db, pid, c->cert[j].level, c->cert[j].on,
		    c->cert[j].occ, NULL, d)) != 0)
			return ret;
		st->certificates++;
	}
	/* progress_restage can only move the stage off 'registered' for an active enrollment or
	 * a job; skip the others, as it compiles its statement on every call (the test checks
	 * that restaging everyone changes nothing). */
	bool moves = false;
	for (int j = 0; j < c->nenr; j++)
		moves |= strcmp(c->enr[j].e.status, "active") == 0 || c->enr[j].kind == 4;
	if (moves && !c->closed && (ret = progress_restage(dm->db, pid, d)) != 0)
		return ret;
	/* The follow-up is on the first note and already in the person row, so note_insert
	 * finds next_followup up to date and leaves the person alone. The notes were written
	 * before their follow-ups (at most 45 days overdue) came due. */
	for (int j = 0; j < c->nnotes; j++) {
		if ((ret = note_insert(dm->db, pid, c->note[j],
		    j == 0 && c->followup[0] ? c->followup : NULL, dm->today - 90, NULL, d)) != 0)
			return ret;
		st->notes++;
	}
	if (c->closed) {
		/* why and when, from the case's number so that the draws stay as they were */
		static const char *const reasons[] = { "employed", "moved_away", "not_seeking",
		    "employed", "other" };
		char day[11];
		struct db_stmt *cs = db_cached(dm->db, "UPDATE person SET closed_reason = ?2, "
		    "closed_on = ?3, closed_note = CASE ?2 WHEN 'other' THEN '联系不上本人' END "
		    "WHERE id = ?1");
		db_bind_text(cs, 1, pid);
		db_bind_text(cs, 2, reasons[st->persons % 5]);
		db_bind_text(cs, 3, date_format(dm->today - 1 - (int)(st->persons % 60), day));
		if ((ret = db_run(cs, "closing the case", d)) != 0)
			return ret;
	}
	return 0;
}

/* Register the counselors (the acting user among them, as the demo's admin) unless they
 * exist. */
static int
demo_counselors(struct demo *dm, struct diag *d)
{
	struct db_stmt *st = db_prepare(dm->db, "INSERT INTO app_user (id, login, display_name, "
	    "role, created_at, updated_at, created_by) SELECT ?1, ?2, ?3, ?4, ?5, ?5, ?6 "
	    "WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE login = ?2)");
	const char *user = db_user(dm->db);
	int64_t now = db_now_ms();
	int ret = 0;

	dm->counselors[0] = user;
	dm->ncounselors = 1;
	for (size_t i = 0; i < sizeof demo_counselor_logins / sizeof *demo_counselor_logins; i++)
		if (strcmp(demo_counselor_logins[i], user) != 0)
			dm->counselors[dm->ncounselors++] = demo_counselor_logins[i];
	for (int i = 0; i <= dm->ncounselors && ret == 0; i++) {
		char *id = db_new_key(dm->db);
		const char *login = i < dm->ncounselors ? dm->counselors[i] : "zhaomin";
		const char *name = i < dm->ncounselors ? login : "赵敏";
		for (size_t k = 0; k < sizeof demo_counselor_logins / sizeof *demo_counselor_logins; k++)
			if (strcmp(demo_counselor_logins[k], login) == 0)
				name = demo_counselor_names[k];
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, login);
		db_bind_text(st, 3, name);
		/* the maker may do everything on the demo, as the owner of a database with no users
		 * may; the others are its counselors and one supervisor */
		db_bind_text(st, 4, i == 0 ? "admin" : i == dm->ncounselors ? "supervisor" :
		    "counselor");
		db_bind_int(st, 5, now);
		db_bind_text(st, 6, user);
		ret = db_run(st, "adding the counselors", d);
		free(id);
	}
	db_finalize(st);
	return ret;
}

/* Refuse a database that already has persons. */
static int
demo_empty(struct db *db, struct diag *d)
{
	int64_t n = 0;
	int ret = db_query_int(db, "SELECT count(*) FROM person", &n, "counting persons", d);

	if (ret == 0 && n > 0)
		ret = diag_set(d, EX_DATAERR, "%s already has %lld persons; demo fills an empty database "
		    "only (give a new file with --db)", db_path(db), (long long)n);
	return ret;
}

/* One batch of persons, from (counted from 0) up to but not including to, in a transaction. */
struct demo_batch {
	struct demo *dm;
	struct demo_case *c;
	struct demo_stats *st;
	long from, to;
};

/* A batch's work inside its transaction (the first batch registers the counselors too). */
static int
demo_batch_work(struct db *db, void *arg, struct diag *d)
{
	struct demo_batch *b = arg;
	struct person_writer *w;
	int ret = 0;

	if (b->from == 0 && (ret = demo_counselors(b->dm, d)) != 0)
		return ret;
	w = person_writer_new(db);
	for (long i = b->from; i < b->to && ret == 0; i++) {
		demo_case_make(b->dm, i, b->c);
		ret = demo_case_insert(b->dm, w, b->c, b->st, d);
		demo_case_clear(b->c);
	}
	person_writer_free(w);
	return ret;
}

/* Fill an empty database with a caseload, one transaction a batch. */
int
demo_run(struct db *db, const struct demo_opts *o, struct demo_stats *st, struct diag *d)
{
	struct demo dm = { .db = db, .seed = o->seed, .today = date_today() };
	struct demo_case *c = xcalloc(1, sizeof *c);
	long batch = o->batch > 0 ? o->batch : demo_default_batch;
	bool applying = db_applying(db);
	int ret;

	memset(st, 0, sizeof *st);
	if ((ret = role_check(db, ROLE_ACT_DEMO, NULL, d)) != 0)
		goto out;
	if (o->persons < 1 || o->persons > demo_max_persons) {
		ret = diag_set(d, EX_USAGE, "demo: %ld persons; expected 1 to %ld", o->persons,
		    demo_max_persons);
		goto out;
	}
	demo_space_init(&dm.space, dm.today);
	if ((ret = demo_empty(db, d)) != 0)
		goto out;
	if ((ret = db_exec(db, demo_pragmas_on, d)) != 0)
		goto out;
	/* a demo is not recorded into the outbox: every office of a trial starts from a copy of
	 * one demo file, so its rows need not travel (and the audit's size target counts bytes
	 * per person of a demo, an outbox copy of which would double them) */
	db_set_applying(db, true);
	for (long from = 0; from < o->persons; from += batch) {
		struct demo_batch b = { &dm, c, st, from,
		    o->persons - from > batch ? from + batch : o->persons };
		if ((ret = db_transaction(db, demo_batch_work, &b, d)) != 0)
			goto out;
		if (o->progress != NULL)
			o->progress(o->arg, b.to, o->persons);
	}
out:
	db_set_applying(db, applying);
	db_exec(db, demo_pragmas_off, NULL);
	free(c);
	return ret;
}
