using System.Globalization;
using System.IO.Compression;
using System.Net;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Campaigns;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Campaigns;
using EqualCare.Web.Features.Identity;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Campaigns;

/// <summary>
/// Issue 18 point 1 (seed 000, 东风路街道): the street sets a campaign of 30; two of its communities propose 31 women with
/// their 主要事迹; the street approves 30 and the 31st approval is refused; every refusal of scope, role, quota and deadline;
/// seed 000's criteria shown from the case; 附件2 printed and exported with the full ID number, audited as a reveal.
/// </summary>
public abstract class CampaignTests(AppFixture app)
{
    const string Password = "Campaign2026a";
    /// <summary>东风路街道 (the demo account dongfenglu) and two of its communities no other test uses.</summary>
    const string Street = "410105010000", Yuantian = "410105010003", Qingyuan = "410105010004", Jinshui = "410105000000";

    DateOnly Today => app.Services.GetRequiredService<TimeProvider>().Today();

    async Task<HttpClient> UserOfAsync(string org, string role, string prefix = "cp")
    {
        var userName = prefix + org[^9..] + role[..2];
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser(userName, "评选测试", role, org, Password), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess || created.Error?.Kind == ErrorKind.Conflict);
        }
        return await app.SignedInAsync(userName, Password);
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields));

    static async Task<long> CreateAsync(HttpClient client, string title, int quota, DateOnly deadline)
    {
        var response = await PostAsync(client, "/Campaigns", new()
        {
            ["Title"] = title, ["Quota"] = quota.ToString(CultureInfo.InvariantCulture), ["Deadline"] = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return long.Parse(location["/Campaigns/".Length..location.IndexOf('?', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    static Task<HttpResponseMessage> ProposeAsync(HttpClient client, long campaign, string idNumber, string deeds = "在东风路市场经营服装，积极宣传计划生育政策，带动同乡按时参加康检",
        string opinion = "情况属实，同意推荐") =>
        PostAsync(client, $"/Campaigns/{campaign}/Propose", new() { ["IdNumber"] = idNumber, ["Deeds"] = deeds, ["Opinion"] = opinion });

    static Task<HttpResponseMessage> DecideAsync(HttpClient client, long campaign, long candidate, bool approve, string opinion = "经审核，同意") =>
        PostAsync(client, $"/Campaigns/{campaign}/{(approve ? "Approve" : "Decline")}",
            new() { ["candidate"] = candidate.ToString(CultureInfo.InvariantCulture), ["Opinion"] = opinion });

    async Task<Person> WomanAsync(string community, string name)
    {
        var person = await app.AddPersonAsync(community, name);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var row = await db.Persons.SingleAsync(p => p.Id == person.Id);
        row.Occupation = "个体经营";
        row.ResidenceAddress = "金水区东风路12号院3号楼";
        row.HukouAddress = "河南省信阳市光山县十里镇";
        row.ContraceptionMethod = ContraceptionMethod.Iud;
        await db.SaveChangesAsync();
        return row;
    }

    async Task<List<CampaignCandidate>> CandidatesAsync(long campaign)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<CampaignCandidate>().AsNoTracking()
            .Where(x => x.CampaignId == campaign).OrderBy(x => x.Id).ToListAsync();
    }

    async Task<int> AuditCountAsync(string action, string entity, string? entityId = null)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries
            .CountAsync(a => a.Action == action && a.Entity == entity && (entityId == null || a.EntityId == entityId) && a.Outcome == AuditOutcome.Success);
    }

    static string Unique(string prefix) => prefix + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_campaign_of_30_runs_from_proposal_to_approval_and_the_31st_approval_is_refused()
    {
        var street = await app.SignedInAsync("dongfenglu");
        var yuantian = await UserOfAsync(Yuantian, Roles.Community);
        var qingyuan = await UserOfAsync(Qingyuan, Roles.Community);
        var id = await CreateAsync(street, "2016年度“优秀外来务工女性”评选", 30, Today.AddDays(10));
        Assert.Contains("2016年度“优秀外来务工女性”评选", await yuantian.GetStringAsync("/Campaigns"), StringComparison.Ordinal);

        var prefix = Unique("评");
        var women = new List<Person>();
        for (var i = 0; i < 31; i++) women.Add(await WomanAsync(i % 2 == 0 ? Yuantian : Qingyuan, $"{prefix}{i:D2}"));
        foreach (var w in women)
            Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(w.CommunityCode == Yuantian ? yuantian : qingyuan, id, w.IdNumber)).StatusCode);
        var candidates = await CandidatesAsync(id);
        Assert.Equal(31, candidates.Count);
        Assert.All(candidates, x => Assert.Equal((CandidateState.Proposed, "情况属实，同意推荐", Today), (x.State, x.CommunityOpinion, x.CommunityDate)));

        // Each community sees its own candidates; the street sees all of them with the quota.
        var yuantianPage = await yuantian.GetStringAsync($"/Campaigns/{id}");
        Assert.Contains(women[0].Name, yuantianPage, StringComparison.Ordinal);
        Assert.DoesNotContain(women[1].Name, yuantianPage, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(women[0].IdNumber), yuantianPage, StringComparison.Ordinal);
        Assert.DoesNotContain(women[0].IdNumber, yuantianPage, StringComparison.Ordinal);
        var streetPage = await street.GetStringAsync($"/Campaigns/{id}");
        Assert.All(women, w => Assert.Contains(w.Name, streetPage, StringComparison.Ordinal));
        Assert.Contains("已批准 0 / 名额 30", streetPage, StringComparison.Ordinal);

        for (var i = 0; i < 30; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(street, id, candidates[i].Id, approve: true)).StatusCode);
        var refused = await DecideAsync(street, id, candidates[30].Id, approve: true);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("名额已满，不能再批准", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        candidates = await CandidatesAsync(id);
        Assert.Equal(Enumerable.Range(1, 30).Select(n => (int?)n), candidates.Take(30).Select(x => x.ApprovalPlace));
        Assert.All(candidates.Take(30), x => Assert.Equal((CandidateState.Approved, "经审核，同意", "dongfenglu", Today), (x.State, x.StreetOpinion, x.StreetReviewer, x.StreetDate)));
        Assert.Equal((CandidateState.Proposed, null), (candidates[30].State, candidates[30].ApprovalPlace));
        Assert.Contains("已批准 30 / 名额 30", await street.GetStringAsync($"/Campaigns/{id}"), StringComparison.Ordinal);
        Assert.Equal(1, await RefusedAuditsAsync(candidates[30].Id));

        // The 31st is declined instead, with the street's opinion; a decision is final.
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(street, id, candidates[30].Id, approve: false, "名额已满，不予推荐")).StatusCode);
        var again = await DecideAsync(street, id, candidates[0].Id, approve: false);
        Assert.Contains("此推荐已审核，不能再改", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        candidates = await CandidatesAsync(id);
        Assert.Equal((CandidateState.Declined, "名额已满，不予推荐"), (candidates[30].State, candidates[30].StreetOpinion));
        Assert.Equal(CandidateState.Approved, candidates[0].State);
    }

    async Task<int> RefusedAuditsAsync(long candidate)
    {
        await using var scope = app.Scope();
        var entityId = candidate.ToString(CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries
            .CountAsync(a => a.Entity == "campaign_candidate" && a.EntityId == entityId && a.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Two_approvals_at_once_cannot_exceed_the_quota()
    {
        var street = await app.SignedInAsync("dongfenglu");
        var yuantian = await UserOfAsync(Yuantian, Roles.Community);
        var id = await CreateAsync(street, "并发审核", 1, Today);
        var prefix = Unique("并");
        var women = new[] { await WomanAsync(Yuantian, prefix + "甲"), await WomanAsync(Yuantian, prefix + "乙"), await WomanAsync(Yuantian, prefix + "丙") };
        foreach (var w in women) Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(yuantian, id, w.IdNumber)).StatusCode);
        var candidates = await CandidatesAsync(id);
        var user = new CurrentUser(0, "dongfenglu", Roles.Street, OrgCode.Parse(Street));

        var results = await Task.WhenAll(candidates.Select(async x =>
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<CampaignHandler>().DecideAsync(user, x.Id, true, "同意", CancellationToken.None);
        }));
        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("campaign.quota.full", r.Error!.Code));
        Assert.Equal([1], (await CandidatesAsync(id)).Where(x => x.ApprovalPlace != null).Select(x => x.ApprovalPlace!.Value));

        // The database refuses a place above the quota even behind the app's back.
        await using var check = app.Scope();
        var db = check.ServiceProvider.GetRequiredService<EqualCareDb>();
        var open = (await CandidatesAsync(id)).First(x => x.State == CandidateState.Proposed).Id;
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync(
            $"UPDATE campaign_candidates SET state = 2, approval_place = 2 WHERE id = {open}"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"DELETE FROM campaign_candidates WHERE id = {open}"));
    }

    [Fact]
    public async Task Scope_role_deadline_and_eligibility_refusals_change_nothing()
    {
        var street = await app.SignedInAsync("dongfenglu");
        var otherStreet = await app.SignedInAsync("daxuelu");
        var xianghe = await app.SignedInAsync("xianghe");
        var admin = await app.SignedInAsync("admin");
        var yuantian = await UserOfAsync(Yuantian, Roles.Community);
        var qingyuan = await UserOfAsync(Qingyuan, Roles.Community);
        var district = await UserOfAsync(Jinshui, Roles.District);

        // Role: a community does not set campaigns; the form is not even offered.
        var byCommunity = await PostAsync(yuantian, "/Campaigns", new() { ["Title"] = "社区自设", ["Quota"] = "3", ["Deadline"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.Contains("只有街道或区、市管理员可以设定评选活动", await byCommunity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"new-campaign\"", await yuantian.GetStringAsync("/Campaigns"), StringComparison.Ordinal);
        var bad = await PostAsync(street, "/Campaigns", new() { ["Title"] = "", ["Quota"] = "0", ["Deadline"] = Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("请填写活动名称", badPage, StringComparison.Ordinal);
        Assert.Contains("名额须为1至1000之间的整数", badPage, StringComparison.Ordinal);
        Assert.Contains("推荐截止日期不能早于今天", badPage, StringComparison.Ordinal);

        // The district (金水区) sets one for its streets and reads the street's.
        var title = Unique("区级评选");
        var districtCampaign = await CreateAsync(district, title, 5, Today.AddDays(3));
        Assert.Contains(title, await yuantian.GetStringAsync("/Campaigns"), StringComparison.Ordinal);
        var id = await CreateAsync(street, Unique("街道评选"), 2, Today);
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync($"/Campaigns/{id}")).StatusCode);

        // Scope: another street, a community of another street and the administrator do not see it.
        Assert.Equal(HttpStatusCode.NotFound, (await otherStreet.GetAsync($"/Campaigns/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync($"/Campaigns/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Campaigns/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Campaigns")).StatusCode);

        var prefix = Unique("拒");
        var woman = await WomanAsync(Yuantian, prefix + "甲");
        var other = await WomanAsync(Qingyuan, prefix + "乙");
        var man = await app.AddPersonAsync(Yuantian, prefix + "丙", Sex.Male);
        var xiangheWoman = await WomanAsync(TestData.Xianghe, prefix + "丁");

        // Propose: a person of another community is not found; a man is not eligible; the street and district do not propose.
        Assert.Contains("本社区没有这个身份证号的人员", await (await ProposeAsync(yuantian, id, other.IdNumber)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("被推荐人须为在辖区的流动人口成年女性", await (await ProposeAsync(yuantian, id, man.IdNumber)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("只有活动范围内的社区可以推荐人选", await (await ProposeAsync(street, id, woman.IdNumber)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("只有活动范围内的社区可以推荐人选", await (await ProposeAsync(district, id, woman.IdNumber)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ProposeAsync(xianghe, id, xiangheWoman.IdNumber)).StatusCode);
        Assert.Contains("请填写主要事迹", await (await ProposeAsync(yuantian, id, woman.IdNumber, deeds: " ")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await CandidatesAsync(id));

        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(yuantian, id, woman.IdNumber)).StatusCode);
        Assert.Contains("此人已被推荐参加本次评选", await (await ProposeAsync(yuantian, id, woman.IdNumber)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var candidate = Assert.Single(await CandidatesAsync(id)).Id;

        // Decide: the other community, the district and another street may not; an opinion is required.
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(qingyuan, id, candidate, true)).StatusCode);
        Assert.Contains("只有被推荐人所在社区的街道可以审核", await (await DecideAsync(district, id, candidate, true)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("只有被推荐人所在社区的街道可以审核", await (await DecideAsync(yuantian, id, candidate, true)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(otherStreet, id, candidate, true)).StatusCode);
        Assert.Contains("请填写审核意见", await (await DecideAsync(street, id, candidate, true, " ")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CandidateState.Proposed, Assert.Single(await CandidatesAsync(id)).State);

        // Deadline: a campaign whose last day was yesterday takes no proposal (the street still reviews what came in time).
        long closed, late;
        var proposedBefore = await WomanAsync(Yuantian, prefix + "己");
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var campaign = new Campaign
            {
                OrgCode = Street, Title = Unique("已截止"), Quota = 5, Deadline = Today.AddDays(-1), Criteria = NominationCriteria.Seed000,
                CreatedAt = DateTime.SpecifyKind(new DateTime(2026, 4, 1), DateTimeKind.Utc), CreatedBy = "dongfenglu",
            };
            db.Add(campaign);
            await db.SaveChangesAsync();
            var before = new CampaignCandidate
            {
                CampaignId = campaign.Id, PersonId = proposedBefore.Id, CommunityCode = Yuantian, Deeds = "按时参加康检", CommunityOpinion = "同意推荐",
                CommunityReviewer = "yuantian", CommunityDate = Today.AddDays(-2), ProposedAt = DateTime.SpecifyKind(new DateTime(2026, 5, 13), DateTimeKind.Utc),
                State = CandidateState.Proposed,
            };
            db.Add(before);
            await db.SaveChangesAsync();
            (closed, late) = (campaign.Id, before.Id);
        }
        Assert.Contains("推荐已截止，不能再推荐", await (await ProposeAsync(yuantian, closed, (await WomanAsync(Yuantian, prefix + "戊")).IdNumber)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"propose\"", await yuantian.GetStringAsync($"/Campaigns/{closed}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(street, closed, late, true)).StatusCode);
        Assert.Single(await CandidatesAsync(closed));
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(street, id, candidate, true)).StatusCode);
        Assert.Contains("id=\"propose\"", await yuantian.GetStringAsync($"/Campaigns/{districtCampaign}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_000s_criteria_are_shown_from_the_case_as_met_not_met_or_not_known()
    {
        var street = await app.SignedInAsync("dongfenglu");
        var yuantian = await UserOfAsync(Yuantian, Roles.Community);
        var id = await CreateAsync(street, Unique("标准"), 30, Today.AddDays(5));
        var prefix = Unique("标");
        var good = await WomanAsync(Yuantian, prefix + "甲");
        var lacking = await WomanAsync(Yuantian, prefix + "乙");
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var recorded = DateTime.SpecifyKind(new DateTime(2026, 1, 5), DateTimeKind.Utc);
            db.Certificates.Add(new Certificate
            {
                PersonId = good.Id, Kind = CertificateKind.MarriageAndChildbearing, Form = CertificateForm.Paper, Number = "豫光婚育2025-0318",
                IssuingOffice = "光山县十里镇", IssueDate = new DateOnly(2025, 3, 1), ValidUntil = new DateOnly(2028, 3, 1), RecordedAt = recorded, RecordedBy = "test",
            });
            db.Certificates.Add(new Certificate
            {
                PersonId = lacking.Id, Kind = CertificateKind.MarriageAndChildbearing, Form = CertificateForm.Paper, Number = "豫光婚育2020-0001",
                IssuingOffice = "光山县十里镇", IssueDate = new DateOnly(2020, 3, 1), ValidUntil = new DateOnly(2023, 3, 1), RecordedAt = recorded, RecordedBy = "test",
            });
            // The four quarters before 2026Q2 (the test clock's): 2025Q2 … 2026Q1.
            foreach (var day in new[] { new DateOnly(2025, 5, 10), new DateOnly(2025, 8, 10), new DateOnly(2025, 11, 10), new DateOnly(2026, 2, 10) })
                db.ServiceRecords.Add(new ServiceRecord
                {
                    PersonId = good.Id, CommunityCode = Yuantian, Kind = ServiceKind.WomensCheckup, ServiceDate = day, RecordedAt = recorded, RecordedBy = "test",
                    Result = CheckOutcome.Normal,
                });
            db.ServiceRecords.Add(new ServiceRecord
            {
                PersonId = lacking.Id, CommunityCode = Yuantian, Kind = ServiceKind.WomensCheckup, ServiceDate = new DateOnly(2025, 5, 10), RecordedAt = recorded,
                RecordedBy = "test", Result = CheckOutcome.Normal,
            });
            var row = await db.Persons.SingleAsync(p => p.Id == lacking.Id);
            row.ContraceptionMethod = null;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(yuantian, id, good.IdNumber)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(yuantian, id, lacking.IdNumber)).StatusCode);
        var candidates = await CandidatesAsync(id);
        var page = await street.GetStringAsync($"/Campaigns/{id}");

        string Outcome(long candidate, NominationCriterion criterion)
        {
            var card = page[page.IndexOf($"data-candidate=\"{candidate}\"", StringComparison.Ordinal)..];
            var at = card.IndexOf($"data-criterion=\"{criterion}\"", StringComparison.Ordinal);
            var outcome = card.IndexOf("data-outcome=\"", at, StringComparison.Ordinal) + "data-outcome=\"".Length;
            return card[outcome..card.IndexOf('"', outcome)];
        }
        var g = candidates.Single(x => x.PersonId == good.Id).Id;
        var l = candidates.Single(x => x.PersonId == lacking.Id).Id;
        Assert.Equal(["Met", "Met", "Met", "NotKnown", "Met", "NotKnown"], Enum.GetValues<NominationCriterion>().Select(c => Outcome(g, c)));
        Assert.Equal(["Met", "NotMet", "NotKnown", "NotKnown", "NotMet", "NotKnown"], Enum.GetValues<NominationCriterion>().Select(c => Outcome(l, c)));
        Assert.Contains("有效期至 2028-03-01", page, StringComparison.Ordinal);
        Assert.Contains("已过有效期 2023-03-01", page, StringComparison.Ordinal);
        Assert.Contains("未康检的季度：2025Q3,2025Q4,2026Q1", page, StringComparison.Ordinal);
        Assert.Contains("本系统不记录违法违规行为，由审核人核实", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_annex_2_form_is_filled_from_the_case_and_printing_or_exporting_it_in_full_is_audited_as_a_reveal()
    {
        var street = await app.SignedInAsync("dongfenglu");
        var yuantian = await UserOfAsync(Yuantian, Roles.Community);
        var district = await UserOfAsync(Jinshui, Roles.District);
        var xianghe = await app.SignedInAsync("xianghe");
        var id = await CreateAsync(street, Unique("推荐表"), 30, Today.AddDays(5));
        var woman = await WomanAsync(Yuantian, Unique("表"));
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            db.Certificates.Add(new Certificate
            {
                PersonId = woman.Id, Kind = CertificateKind.MarriageAndChildbearing, Form = CertificateForm.Paper, Number = "豫光婚育2025-0777",
                IssuingOffice = "光山县十里镇", IssueDate = new DateOnly(2025, 3, 1), ValidUntil = new DateOnly(2028, 3, 1),
                RecordedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 5), DateTimeKind.Utc), RecordedBy = "test",
            });
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(yuantian, id, woman.IdNumber, deeds: "在东风路菜市场经营十年，组织同乡参加健康讲座")).StatusCode);
        var candidate = Assert.Single(await CandidatesAsync(id)).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(street, id, candidate, true, "同意表彰")).StatusCode);
        var path = $"/Campaigns/Candidates/{candidate}/Form";
        var personId = woman.Id.ToString(CultureInfo.InvariantCulture);

        // On screen the number is masked and nothing is revealed.
        var masked = await yuantian.GetStringAsync(path);
        Assert.Contains("“优秀外来务工女性”推荐选拔表", masked, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(woman.IdNumber), masked, StringComparison.Ordinal);
        Assert.DoesNotContain(woman.IdNumber, masked, StringComparison.Ordinal);
        var reveals = await AuditCountAsync(AuditLog.Actions.Reveal, "person", personId);

        // The printed form: every field of 附件2 from the case, the full number, one reveal audited.
        var print = await PostAsync(yuantian, path + "/Print", []);
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        var printed = await print.Content.ReadAsStringAsync();
        foreach (var text in new[]
        {
            woman.Name, woman.IdNumber, "女", woman.BirthDate.ToString("yyyy年M月", CultureInfo.InvariantCulture), "河南省信阳市光山县十里镇", "个体经营",
            "已婚", "宫内节育器", "豫光婚育2025-0777", "金水区东风路12号院3号楼", "在东风路菜市场经营十年，组织同乡参加健康讲座", "情况属实，同意推荐", "同意表彰",
            "社区审核上报意见：（盖章）", "办事处审核意见：（盖章）", Today.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
        })
            Assert.Contains(text, printed, StringComparison.Ordinal);
        Assert.Equal(reveals + 1, await AuditCountAsync(AuditLog.Actions.Reveal, "person", personId));

        // The .xlsx laid out as the seed's form, also audited.
        var xlsx = await PostAsync(street, path + "/Xlsx", []);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(NominationWorkbook.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        using (var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            var sheet = await reader.ReadToEndAsync();
            foreach (var text in new[] { "姓 名", "性 别", "出生年月", "户籍地", "身份证号", "职业", "婚姻状况（未婚、已婚）", "采取的避孕措施类型（已婚填写）",
                "《婚育证明》编号", "现居住地具体地址", "主要事迹", woman.IdNumber, "豫光婚育2025-0777", "宫内节育器", "同意表彰" })
                Assert.Contains(text, sheet, StringComparison.Ordinal);
            Assert.Contains("B6:F6", sheet, StringComparison.Ordinal);
        }
        Assert.Equal(reveals + 2, await AuditCountAsync(AuditLog.Actions.Reveal, "person", personId));

        // The district reads the masked form but may not reveal; a community of another street does not see it.
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(district, path + "/Print", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(district, path + "/Xlsx", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(xianghe, path + "/Print", [])).StatusCode);
        Assert.Equal(reveals + 2, await AuditCountAsync(AuditLog.Actions.Reveal, "person", personId));
    }
}

[Collection(OnSqlite.Name)]
public sealed class CampaignTestsOnSqlite(SqliteApp app) : CampaignTests(app);

[Collection(OnPostgres.Name)]
public sealed class CampaignTestsOnPostgres(PostgresApp app) : CampaignTests(app);
