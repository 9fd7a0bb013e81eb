using IisLogonTools.Commands;
using Xunit;

namespace IisLogonTools.Tests.Commands;

/// <summary>
/// -Identity completion's selection and quoting (AccountCompletion.Complete): a word matches DOMAIN\name or the name
/// alone, case-insensitively; the list is sorted; only values PowerShell cannot take bare are single-quoted.
/// </summary>
public class AccountCompletionTests
{
    private static readonly string[] Candidates =
    {
        "WEB01\\bob", "BUILTIN\\Users", "BUILTIN\\Remote Desktop Users", "Everyone", "NT AUTHORITY\\Authenticated Users",
        "WEB01\\WebUsers", "BUILTIN\\Administrators", "WEB01\\o'brien",
    };

    private static string[] Texts(string? word) => AccountCompletion.Complete(Candidates, word).Select(r => r.CompletionText).ToArray();

    [Fact]
    public void An_empty_word_lists_everything_sorted_and_quotes_only_what_needs_it()
    {
        Assert.Equal(
            new[]
            {
                "BUILTIN\\Administrators", "'BUILTIN\\Remote Desktop Users'", "BUILTIN\\Users", "Everyone",
                "'NT AUTHORITY\\Authenticated Users'", "WEB01\\bob", "'WEB01\\o''brien'", "WEB01\\WebUsers",
            },
            Texts(string.Empty));
        Assert.Equal(Texts(string.Empty), Texts(null));
    }

    [Fact]
    public void The_account_name_alone_selects_case_insensitively()
    {
        Assert.Equal(new[] { "BUILTIN\\Users" }, Texts("us"));
        Assert.Equal(new[] { "WEB01\\bob" }, Texts("BO"));
        Assert.Equal(new[] { "'NT AUTHORITY\\Authenticated Users'" }, Texts("auth"));
    }

    [Fact]
    public void The_domain_form_selects_and_a_quote_typed_first_is_ignored()
    {
        Assert.Equal(new[] { "WEB01\\bob", "'WEB01\\o''brien'", "WEB01\\WebUsers" }, Texts("web01\\"));
        Assert.Equal(new[] { "'BUILTIN\\Remote Desktop Users'" }, Texts("'BUILTIN\\Rem"));
        Assert.Empty(Texts("CONTOSO\\"));
    }

    [Fact]
    public void Duplicates_differing_in_case_are_offered_once_and_the_list_item_is_unquoted()
    {
        var results = AccountCompletion.Complete(new[] { "BUILTIN\\Users", "builtin\\users", "BUILTIN\\Remote Desktop Users" }, "builtin\\");
        Assert.Equal(2, results.Count);
        Assert.Equal("BUILTIN\\Remote Desktop Users", results[0].ListItemText);
        Assert.Equal("BUILTIN\\Users", results[1].CompletionText);
    }
}
