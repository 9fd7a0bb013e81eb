/* NetUserGetInfo (level 4) and DsGetDcNameW: the account state a logon checks, readable without a logon
 * (lmaccess.h, dsgetdc.h). Both return a NET_API_STATUS / Win32 code directly and leave errno alone.
 * Seeding hooks for the fields they report (logon hours, workstations, expiry, domain controllers) live
 * here too, so the logon model in logon.c/state.c keeps its booleans as the one source of what fails. */
#define _GNU_SOURCE
#include "calls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define E_BAD_NETPATH 53
#define E_NOT_SUPPORTED 50
#define E_INVALID_FLAGS 1004
#define E_NO_SUCH_DOMAIN 1355

#define UF_SCRIPT 0x0001u
#define UF_ACCOUNTDISABLE 0x0002u
#define UF_LOCKOUT 0x0010u
#define UF_NORMAL_ACCOUNT 0x0200u
#define UF_DONT_EXPIRE_PASSWD 0x10000u
#define UF_PASSWORD_EXPIRED 0x800000u
#define TIMEQ_FOREVER 0xFFFFFFFFu
#define UNITS_PER_WEEK 168u

/* dsgetdc.h flag values (mingw-w64 dsgetdc.h, Microsoft Learn DsGetDcNameW) */
#define DS_FORCE_REDISCOVERY 0x00000001u
#define DS_GC_SERVER_REQUIRED 0x00000040u
#define DS_PDC_REQUIRED 0x00000080u
#define DS_KDC_REQUIRED 0x00000400u
#define DS_IS_FLAT_NAME 0x00010000u
#define DS_IS_DNS_NAME 0x00020000u
#define DS_RETURN_DNS_NAME 0x40000000u
#define DS_RETURN_FLAT_NAME 0x80000000u
#define DS_VALID_FLAGS 0xC003FFF1u /* DSGETDC_VALID_FLAGS of mingw-w64 dsgetdc.h */
#define DS_PDC_FLAG 0x00000001u
#define DS_DS_FLAG 0x00000010u
#define DS_KDC_FLAG 0x00000020u
#define DS_WRITABLE_FLAG 0x00000100u
#define DS_DNS_CONTROLLER_FLAG 0x20000000u
#define DS_DNS_DOMAIN_FLAG 0x40000000u
#define DS_DNS_FOREST_FLAG 0x80000000u
#define DS_INET_ADDRESS 1u

typedef struct {
    WCHAR *usri4_name;
    WCHAR *usri4_password;
    DWORD usri4_password_age;
    DWORD usri4_priv;
    WCHAR *usri4_home_dir;
    WCHAR *usri4_comment;
    DWORD usri4_flags;
    WCHAR *usri4_script_path;
    DWORD usri4_auth_flags;
    WCHAR *usri4_full_name;
    WCHAR *usri4_usr_comment;
    WCHAR *usri4_parms;
    WCHAR *usri4_workstations;
    DWORD usri4_last_logon;
    DWORD usri4_last_logoff;
    DWORD usri4_acct_expires;
    DWORD usri4_max_storage;
    DWORD usri4_units_per_week;
    uint8_t *usri4_logon_hours;
    DWORD usri4_bad_pw_count;
    DWORD usri4_num_logons;
    WCHAR *usri4_logon_server;
    DWORD usri4_country_code;
    DWORD usri4_code_page;
    void *usri4_user_sid;
    DWORD usri4_primary_group_id;
    WCHAR *usri4_profile;
    WCHAR *usri4_home_dir_drive;
    DWORD usri4_password_expired;
} USER_INFO_4;

typedef struct {
    uint32_t Data1;
    uint16_t Data2, Data3;
    uint8_t Data4[8];
} GUID_;

typedef struct {
    WCHAR *DomainControllerName;
    WCHAR *DomainControllerAddress;
    ULONG DomainControllerAddressType;
    GUID_ DomainGuid;
    WCHAR *DomainName;
    WCHAR *DnsForestName;
    ULONG Flags;
    WCHAR *DcSiteName;
    WCHAR *ClientSiteName;
} DOMAIN_CONTROLLER_INFOW;

/* Measured with x86_64-w64-mingw32-gcc against lmaccess.h / dsgetdc.h */
_Static_assert(sizeof(USER_INFO_4) == 192, "USER_INFO_4");
_Static_assert(offsetof(USER_INFO_4, usri4_logon_hours) == 120, "usri4_logon_hours");
_Static_assert(offsetof(USER_INFO_4, usri4_user_sid) == 152, "usri4_user_sid");
_Static_assert(offsetof(USER_INFO_4, usri4_password_expired) == 184, "usri4_password_expired");
_Static_assert(sizeof(DOMAIN_CONTROLLER_INFOW) == 80, "DOMAIN_CONTROLLER_INFOW");
_Static_assert(offsetof(DOMAIN_CONTROLLER_INFOW, DomainName) == 40, "DomainName");

static const char *jstr(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int jtrue(cJSON *o, const char *k) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k)); }

static double jnum(cJSON *o, const char *k, double def)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* ---------------- seeding hooks (called from state.c) ---------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Copies the optional NetUserGetInfo fields of a scenario user into its state object. Returns an error text or NULL. */
const char *netuser_seed_user(cJSON *dst, cJSON *src)
{
    const char *hours = jstr(src, "logonHours");
    if (hours) {
        if (strlen(hours) != 42)
            return "logonHours must be 42 hex digits (21 bytes)";
        for (int i = 0; i < 42; i++)
            if (hexval(hours[i]) < 0)
                return "logonHours must be 42 hex digits (21 bytes)";
        cJSON_AddStringToObject(dst, "logonHours", hours);
    }
    if (jstr(src, "workstations"))
        cJSON_AddStringToObject(dst, "workstations", jstr(src, "workstations"));
    if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(src, "accountExpires")))
        cJSON_AddNumberToObject(dst, "accountExpires", jnum(src, "accountExpires", 0));
    if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(src, "passwordAge")))
        cJSON_AddNumberToObject(dst, "passwordAge", jnum(src, "passwordAge", 0));
    if (cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(src, "passwordNeverExpires")))
        cJSON_AddBoolToObject(dst, "passwordNeverExpires", jtrue(src, "passwordNeverExpires"));
    return NULL;
}

/* Lockout policy beside lockoutThreshold (USER_MODALS_INFO_3): seconds; 0 = until an administrator unlocks. */
const char *netuser_seed_lockout(cJSON *dst, cJSON *src)
{
    double d = jnum(src, "lockoutDuration", 900), w = jnum(src, "lockoutObservationWindow", 900);
    if (d < 0 || w < 0 || d > 4294967295.0 || w > 4294967295.0)
        return "lockoutDuration and lockoutObservationWindow are seconds (0 to 4294967295)";
    cJSON_AddNumberToObject(dst, "lockoutDuration", d);
    cJSON_AddNumberToObject(dst, "lockoutObservationWindow", w);
    return NULL;
}

/* The domain's controllers: default one PDC "DC01" that is reachable when the domain is. */
const char *netuser_seed_domain(cJSON *dst, cJSON *src)
{
    const char *lockout = netuser_seed_lockout(dst, src);
    if (lockout)
        return lockout;
    cJSON *arr = cJSON_AddArrayToObject(dst, "domainControllers");
    cJSON *given = cJSON_GetObjectItemCaseSensitive(src, "domainControllers"), *g;
    const char *dns = jstr(dst, "dnsName");
    int reachable = jtrue(dst, "reachable");
    char buf[2 * NAME_MAX_];
    if (!cJSON_IsArray(given) || cJSON_GetArraySize(given) == 0) {
        cJSON *dc = cJSON_CreateObject();
        snprintf(buf, sizeof buf, "dc01.%s", dns ? dns : "contoso.local");
        cJSON_AddStringToObject(dc, "name", "DC01");
        cJSON_AddStringToObject(dc, "dnsName", buf);
        cJSON_AddBoolToObject(dc, "pdc", 1);
        cJSON_AddBoolToObject(dc, "reachable", reachable);
        cJSON_AddItemToArray(arr, dc);
        return NULL;
    }
    cJSON_ArrayForEach(g, given)
    {
        cJSON *dc = cJSON_CreateObject();
        const char *name = jstr(g, "name");
        if (!name) {
            cJSON_Delete(dc);
            return "domain controller without a name";
        }
        cJSON_AddStringToObject(dc, "name", name);
        snprintf(buf, sizeof buf, "%s.%s", name, dns ? dns : "contoso.local");
        for (char *p = buf; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        cJSON_AddStringToObject(dc, "dnsName", jstr(g, "dnsName") ? jstr(g, "dnsName") : buf);
        cJSON_AddBoolToObject(dc, "pdc", jtrue(g, "pdc"));
        cJSON *r = cJSON_GetObjectItemCaseSensitive(g, "reachable");
        cJSON_AddBoolToObject(dc, "reachable", cJSON_IsBool(r) ? cJSON_IsTrue(r) : reachable);
        cJSON_AddItemToArray(arr, dc);
    }
    return NULL;
}

/* "\\X", "X" or "x.dns.name" -> the domain controller object, or NULL. */
static cJSON *find_dc(const char *name)
{
    cJSON *d = state_domain(), *dc;
    if (!d || !name)
        return NULL;
    cJSON_ArrayForEach(dc, cJSON_GetObjectItemCaseSensitive(d, "domainControllers"))
        if (str_ieq(jstr(dc, "name"), name) || str_ieq(jstr(dc, "dnsName"), name))
            return dc;
    return NULL;
}

static const char *skip_slashes(const char *s)
{
    while (s && *s == '\\')
        s++;
    return s;
}

/* Bytes for UTF-16 copies of s, with the terminator. */
static size_t u16_bytes(const char *s) { return (utf8_to_u16(s ? s : "", NULL, 0) + 1) * 2; }

static WCHAR *put_str(uint8_t **cur, const char *s)
{
    WCHAR *w = (WCHAR *)*cur;
    size_t n = utf8_to_u16(s ? s : "", w, (size_t)-1);
    w[n] = 0;
    *cur += (n + 1) * 2;
    return w;
}

/* The account database a NetUser* call reads: NULL or empty = this computer; a computer's name = that computer's
 * SAM; a domain controller's name = the domain. Unreachable → RPC_S_SERVER_UNAVAILABLE, unknown → ERROR_BAD_NETPATH
 * (rules and sources in the README, NetUserGetInfo / NetUserModalsGet). Returns 0 or the Win32 error. */
static DWORD resolve_server(const char *srv, cJSON **scope, const char **scopename, int *isdomain)
{
    const char *s = skip_slashes(srv ? srv : "");
    cJSON *comp = *s ? find_computer(s) : local_computer();
    cJSON *dc = (!comp && *s) ? find_dc(s) : NULL;
    if (comp) {
        if (!jtrue(comp, "reachable"))
            return E_RPC_S_SERVER_UNAVAILABLE;
        *scope = comp;
        *scopename = jstr(comp, "name");
        return 0;
    }
    if (dc) {
        if (!jtrue(dc, "reachable"))
            return E_RPC_S_SERVER_UNAVAILABLE;
        *scope = state_domain();
        *scopename = jstr(dc, "name");
        if (isdomain)
            *isdomain = 1;
        return 0;
    }
    return E_BAD_NETPATH;
}

/* ---------------- NetUserGetInfo ---------------- */

EXPORT DWORD NetUserGetInfo(const WCHAR *servername, const WCHAR *username, DWORD level, uint8_t **bufptr)
{
    N_BEGIN("NetUserGetInfo");
    char *srv = u16z_to_utf8(servername), *user = u16z_to_utf8(username);
    char num[16];
    principal p;
    cJSON *scope = NULL, *a = NULL;
    int isdomain = 0;
    const char *scopename = NULL;
    la_add(la, " server=%s", srv);
    la_add(la, " user=%s", user);
    snprintf(num, sizeof num, "%u", level);
    la_add(la, " level=%s", num);
    if (bufptr)
        *bufptr = NULL;
    if (!bufptr || !user || !*user)
        FAIL(E_INVALID_PARAMETER);
    if (level != 4)
        FAIL(E_INVALID_LEVEL); /* only level 4 is emulated (the module's level) */
    STATE();
    {
        DWORD where = resolve_server(srv, &scope, &scopename, &isdomain);
        if (where)
            FAIL(where);
    }
    FAULT(scopename);
    /* The name is looked up in the server's own account database only (a computer's SAM, or the domain on a DC). */
    if (strchr(user, '\\') || strchr(user, '@'))
        FAIL(NERR_UserNotFound);
    a = idx_account_by_name(cJSON_GetObjectItemCaseSensitive(scope, "accounts"), user);
    if (!a || !jstr(a, "type") || strcmp(jstr(a, "type"), "user") != 0)
        FAIL(NERR_UserNotFound);
    (void)p;
    (void)isdomain;

    const char *ws = jstr(a, "workstations");
    if (!ws)
        ws = jtrue(a, "workstationDenied") ? "KIOSK01" : "";
    uint8_t sidb[68];
    int sidlen = sid_from_string(jstr(a, "sid"), sidb);
    if (sidlen < 0)
        FAIL(E_INTERNAL_DB_ERROR);
    size_t size = sizeof(USER_INFO_4) + 24 /* logon hours, 8-aligned */ + 72 /* SID */ + u16_bytes(jstr(a, "name")) +
                  u16_bytes(ws) + u16_bytes("") + u16_bytes("\\\\*");
    USER_INFO_4 *ui = tracked_alloc(A_NET, size);
    if (!ui)
        FAIL(E_NOT_ENOUGH_MEMORY);
    uint8_t *cur = (uint8_t *)(ui + 1);
    ui->usri4_logon_hours = cur;
    const char *hours = jstr(a, "logonHours");
    for (int i = 0; i < 21; i++) {
        if (hours)
            cur[i] = (uint8_t)(hexval(hours[2 * i]) * 16 + hexval(hours[2 * i + 1]));
        else
            cur[i] = jtrue(a, "logonHoursDenied") ? 0x00 : 0xFF;
    }
    cur += 24;
    ui->usri4_user_sid = cur;
    memcpy(cur, sidb, (size_t)sidlen);
    cur += 72;
    ui->usri4_name = put_str(&cur, jstr(a, "name"));
    ui->usri4_workstations = put_str(&cur, ws);
    WCHAR *empty = put_str(&cur, "");
    ui->usri4_logon_server = put_str(&cur, "\\\\*");
    ui->usri4_password = NULL; /* never returned [NetUserGetInfo] */
    ui->usri4_home_dir = ui->usri4_comment = ui->usri4_script_path = ui->usri4_full_name = empty;
    ui->usri4_usr_comment = ui->usri4_parms = ui->usri4_profile = ui->usri4_home_dir_drive = empty;
    double rid = jnum(a, "rid", 0);
    ui->usri4_priv = rid == 500 ? 2 : 1; /* USER_PRIV_ADMIN for the built-in Administrator, else USER_PRIV_USER */
    ui->usri4_flags = UF_SCRIPT | UF_NORMAL_ACCOUNT;
    if (jtrue(a, "disabled"))
        ui->usri4_flags |= UF_ACCOUNTDISABLE;
    if (jtrue(a, "lockedOut"))
        ui->usri4_flags |= UF_LOCKOUT;
    if (jtrue(a, "passwordNeverExpires"))
        ui->usri4_flags |= UF_DONT_EXPIRE_PASSWD;
    if (jtrue(a, "passwordExpired")) {
        ui->usri4_flags |= UF_PASSWORD_EXPIRED;
        ui->usri4_password_expired = 1;
        ui->usri4_password_age = (DWORD)jnum(a, "passwordAge", 100.0 * 86400);
    } else if (jtrue(a, "mustChangePassword")) {
        ui->usri4_password_expired = 1; /* the administrator's "must change at next logon" */
        ui->usri4_password_age = (DWORD)jnum(a, "passwordAge", 0);
    } else {
        ui->usri4_password_age = (DWORD)jnum(a, "passwordAge", 10.0 * 86400);
    }
    cJSON *exp = cJSON_GetObjectItemCaseSensitive(a, "accountExpires");
    if (cJSON_IsNumber(exp))
        ui->usri4_acct_expires = (DWORD)exp->valuedouble;
    else
        ui->usri4_acct_expires = jtrue(a, "accountExpired") ? 946684800u /* 2000-01-01 00:00 UTC */ : TIMEQ_FOREVER;
    ui->usri4_max_storage = TIMEQ_FOREVER; /* USER_MAXSTORAGE_UNLIMITED */
    ui->usri4_units_per_week = UNITS_PER_WEEK;
    ui->usri4_bad_pw_count = (DWORD)jnum(a, "badPasswordCount", 0);
    ui->usri4_primary_group_id = 513;
    *bufptr = (uint8_t *)ui;
out:
    free(srv);
    free(user);
    N_END();
}

/* ---------------- NetUserModalsGet ---------------- */

typedef struct {
    DWORD usrmod3_lockout_duration;
    DWORD usrmod3_lockout_observation_window;
    DWORD usrmod3_lockout_threshold;
} USER_MODALS_INFO_3;
_Static_assert(sizeof(USER_MODALS_INFO_3) == 12, "USER_MODALS_INFO_3");

EXPORT DWORD NetUserModalsGet(const WCHAR *servername, DWORD level, uint8_t **bufptr)
{
    N_BEGIN("NetUserModalsGet");
    char *srv = u16z_to_utf8(servername);
    char num[16];
    cJSON *scope = NULL;
    const char *scopename = NULL;
    la_add(la, " server=%s", srv);
    snprintf(num, sizeof num, "%u", level);
    la_add(la, " level=%s", num);
    if (bufptr)
        *bufptr = NULL;
    if (!bufptr)
        FAIL(E_INVALID_PARAMETER);
    if (level != 3)
        FAIL(E_INVALID_LEVEL); /* only the lockout level is emulated */
    STATE();
    {
        DWORD where = resolve_server(srv, &scope, &scopename, NULL);
        if (where)
            FAIL(where);
    }
    FAULT(scopename);
    USER_MODALS_INFO_3 *m = tracked_alloc(A_NET, sizeof *m);
    if (!m)
        FAIL(E_NOT_ENOUGH_MEMORY);
    m->usrmod3_lockout_duration = (DWORD)jnum(scope, "lockoutDuration", 900);
    m->usrmod3_lockout_observation_window = (DWORD)jnum(scope, "lockoutObservationWindow", 900);
    m->usrmod3_lockout_threshold = (DWORD)jnum(scope, "lockoutThreshold", 0);
    *bufptr = (uint8_t *)m;
out:
    free(srv);
    N_END();
}

/* ---------------- DsGetDcNameW ---------------- */

EXPORT DWORD DsGetDcNameW(const WCHAR *ComputerName, const WCHAR *DomainName, void *DomainGuid, const WCHAR *SiteName,
                          ULONG Flags, DOMAIN_CONTROLLER_INFOW **DomainControllerInfo)
{
    N_BEGIN("DsGetDcNameW");
    char *cn = u16z_to_utf8(ComputerName), *dn = u16z_to_utf8(DomainName);
    char num[16];
    la_add(la, " computer=%s", cn);
    la_add(la, " domain=%s", dn);
    snprintf(num, sizeof num, "0x%X", Flags);
    la_add(la, " flags=%s", num);
    (void)DomainGuid;
    (void)SiteName;
    if (DomainControllerInfo)
        *DomainControllerInfo = NULL;
    if (!DomainControllerInfo)
        FAIL(E_INVALID_PARAMETER);
    if ((Flags & ~DS_VALID_FLAGS) || ((Flags & DS_IS_FLAT_NAME) && (Flags & DS_IS_DNS_NAME)) ||
        ((Flags & DS_RETURN_FLAT_NAME) && (Flags & DS_RETURN_DNS_NAME)) ||
        ((Flags & DS_PDC_REQUIRED) && (Flags & (DS_GC_SERVER_REQUIRED | DS_KDC_REQUIRED))))
        FAIL(E_INVALID_FLAGS);
    if (cn && *cn)
        FAIL(E_NOT_SUPPORTED); /* remote processing (ComputerName) is not emulated */
    STATE();
    cJSON *comp = local_computer();
    {
        int hit;
        long f = fault_check(FN, comp ? jstr(comp, "name") : NULL, &hit);
        if (hit)
            FAIL(f);
    }
    cJSON *d = state_domain();
    if (!d)
        FAIL(E_NO_SUCH_DOMAIN);
    if (!dn || !*dn) {
        if (!computer_in_domain(comp))
            FAIL(E_NO_SUCH_DOMAIN);
    } else {
        char name[NAME_MAX_];
        snprintf(name, sizeof name, "%s", dn);
        size_t l = strlen(name);
        if (l > 0 && name[l - 1] == '.')
            name[l - 1] = 0;
        int flat = str_ieq(name, jstr(d, "name")), dns = str_ieq(name, jstr(d, "dnsName"));
        if ((Flags & DS_IS_FLAT_NAME) ? !flat : (Flags & DS_IS_DNS_NAME) ? !dns : !(flat || dns))
            FAIL(E_NO_SUCH_DOMAIN);
    }
    if (!jtrue(d, "reachable"))
        FAIL(E_NO_SUCH_DOMAIN);
    cJSON *dc, *pick = NULL;
    cJSON_ArrayForEach(dc, cJSON_GetObjectItemCaseSensitive(d, "domainControllers"))
    {
        if (!jtrue(dc, "reachable") || ((Flags & DS_PDC_REQUIRED) && !jtrue(dc, "pdc")))
            continue;
        pick = dc;
        break;
    }
    if (!pick)
        FAIL(E_NO_SUCH_DOMAIN);
    char dcname[2 * NAME_MAX_ + 2], forest[NAME_MAX_];
    int flatret = (Flags & DS_RETURN_FLAT_NAME) != 0;
    const char *pickname = flatret ? jstr(pick, "name") : jstr(pick, "dnsName");
    const char *dnsname = jstr(d, "dnsName");
    snprintf(dcname, sizeof dcname, "\\\\%s", pickname ? pickname : "");
    snprintf(forest, sizeof forest, "%s", dnsname ? dnsname : "");
    const char *domname = flatret ? jstr(d, "name") : jstr(d, "dnsName");
    const char *addr = "\\\\192.0.2.10"; /* TEST-NET-1 (RFC 5737) */
    const char *site = "Default-First-Site-Name";
    size_t size = sizeof(DOMAIN_CONTROLLER_INFOW) + u16_bytes(dcname) + u16_bytes(addr) + u16_bytes(domname) +
                  u16_bytes(forest) + 2 * u16_bytes(site);
    DOMAIN_CONTROLLER_INFOW *info = tracked_alloc(A_NET, size);
    if (!info)
        FAIL(E_NOT_ENOUGH_MEMORY);
    uint8_t *cur = (uint8_t *)(info + 1);
    info->DomainControllerName = put_str(&cur, dcname);
    info->DomainControllerAddress = put_str(&cur, addr);
    info->DomainControllerAddressType = DS_INET_ADDRESS;
    memset(&info->DomainGuid, 0, sizeof info->DomainGuid);
    info->DomainName = put_str(&cur, domname);
    info->DnsForestName = put_str(&cur, forest);
    info->Flags = DS_DS_FLAG | DS_KDC_FLAG | DS_WRITABLE_FLAG | DS_DNS_CONTROLLER_FLAG | DS_DNS_DOMAIN_FLAG |
                  DS_DNS_FOREST_FLAG | (jtrue(pick, "pdc") ? DS_PDC_FLAG : 0);
    info->DcSiteName = put_str(&cur, site);
    info->ClientSiteName = put_str(&cur, site);
    *DomainControllerInfo = info;
out:
    free(cn);
    free(dn);
    N_END();
}
