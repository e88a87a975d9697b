using System.Globalization;
using System.Net;

namespace EqualCare.IntegrationTests.Campaigns;

/// <summary>奖励扶助 recorded through the person's page, as a community worker does.</summary>
public static class RewardSteps
{
    public static async Task<HttpResponseMessage> PostRewardAsync(this HttpClient client, long personId, string kind, string givenOn, long yuan,
        string description) =>
        await client.PostAsync($"/Persons/{personId.ToString(CultureInfo.InvariantCulture)}/Rewards", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Kind"] = kind, ["GivenOn"] = givenOn, ["AmountYuan"] = yuan.ToString(CultureInfo.InvariantCulture), ["Description"] = description,
        }));

    public static async Task RecordRewardAsync(this HttpClient client, long personId, string kind, string givenOn, long yuan, string description)
    {
        var response = await client.PostRewardAsync(personId, kind, givenOn, yuan, description);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"reward not recorded: {(int)response.StatusCode}");
    }

    public static Task<HttpResponseMessage> VoidRewardAsync(this HttpClient client, long personId, long rewardId, string reason) =>
        client.PostAsync($"/Persons/{personId.ToString(CultureInfo.InvariantCulture)}/Rewards/Void", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reward"] = rewardId.ToString(CultureInfo.InvariantCulture), ["Reason"] = reason,
        }));
}
