using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Partners;

public static class PartnerTypes
{
    public const string Country = "country";
    public const string Organisation = "organisation";
    public static readonly IReadOnlyList<string> All = [Country, Organisation];
}

public static class PartnerStatuses
{
    public const string Partner = "partner";
    public const string Observer = "observer";
    public static readonly IReadOnlyList<string> All = [Partner, Observer];
}

/// <summary>A partner or observer of the dialogue: a country (ISO 3166-1 alpha-2 code) or an organisation.</summary>
public sealed partial class Partner
{
    public const int CodeMaxLength = 16;
    public const int NameMaxLength = 200;

    private Partner()
    {
    }

    /// <summary><c>MA</c>, <c>ES</c> for countries; <c>EU</c>, <c>ECOWAS</c>, <c>ICMPD</c> for organisations.</summary>
    public string Code { get; private set; } = "";

    public string Type { get; private set; } = "";

    public string Status { get; private set; } = "";

    public string NameFr { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public DateOnly? MemberSince { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static Partner Create(string code, PartnerInput input, DateTimeOffset now) => new()
    {
        Code = code,
        Type = input.Type,
        Status = input.Status,
        NameFr = input.NameFr,
        NameEn = input.NameEn,
        MemberSince = input.MemberSince,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(PartnerInput input, DateTimeOffset now)
    {
        Type = input.Type;
        Status = input.Status;
        NameFr = input.NameFr;
        NameEn = input.NameEn;
        MemberSince = input.MemberSince;
        UpdatedAt = now;
    }

    public string Name(string language) => language == Languages.English ? NameEn : NameFr;

    public IReadOnlyDictionary<string, string> Names() =>
        new Dictionary<string, string> { [Languages.French] = NameFr, [Languages.English] = NameEn };

    public PartnerData ToData() => new(Code, Type, Status, Names(), MemberSince);

    /// <summary>An organisation code: upper-case letters and digits, 2 to 16 characters.</summary>
    public static bool IsOrganisationCode(string code) => OrganisationCode().IsMatch(code);

    [GeneratedRegex("^[A-Z0-9]{2,16}$")]
    private static partial Regex OrganisationCode();
}

/// <summary>A partner's fields once validated.</summary>
public sealed record PartnerInput(string Type, string Status, string NameFr, string NameEn, DateOnly? MemberSince);

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> builder)
    {
        builder.ToTable("partners");
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(Partner.CodeMaxLength);
        builder.Property(p => p.Type).HasMaxLength(20);
        builder.Property(p => p.Status).HasMaxLength(20);
        builder.Property(p => p.NameFr).HasMaxLength(Partner.NameMaxLength);
        builder.Property(p => p.NameEn).HasMaxLength(Partner.NameMaxLength);
        builder.Property(p => p.Version).IsRowVersion();
    }
}
