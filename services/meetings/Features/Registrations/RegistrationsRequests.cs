using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using RabatPlatform.Contracts;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>One registration of a meeting.</summary>
public sealed record RegistrationIdRequest([FromRoute(Name = "id")] Guid Id, [FromRoute(Name = "rid")] Guid Rid);

/// <summary>A meeting's registrations, filtered by status, a page at a time.</summary>
public sealed record ListRegistrationsRequest(
    [FromRoute(Name = "id")] Guid Id,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary>The list's filters once checked.</summary>
public sealed record RegistrationsFilter(int Page, int PageSize, RegistrationStatus? Status);

/// <summary>The CSV export of a meeting's registrations; <c>columns</c> is a comma-separated choice (default: all).</summary>
public sealed record ExportRegistrationsRequest([FromRoute(Name = "id")] Guid Id, [FromQuery(Name = "columns")] string? Columns);

/// <summary>A delegate, as a partner (or the Secretariat, naming the delegation in <c>partnerCode</c>) registers them.</summary>
public sealed record RegistrationRequest(
    string? PartnerCode,
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? Function,
    string? Organisation,
    string? Language,
    string? Participation,
    string? WorkingGroup,
    bool? VisaLetter,
    string? DietaryNotes,
    string? AccessibilityNotes);

public sealed record RejectRequest(string? Reason);

/// <summary>An operator's erasure of a person everywhere, by the address they were known by.</summary>
public sealed record ErasePersonRequest(string? Email);

/// <summary>Who calls: the Secretariat, or a partner with its delegation's code.</summary>
internal sealed record Caller(bool IsSecretariat, string? PartnerCode)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.IsInRole(PlatformRoles.Secretariat),
        user.IsInRole(PlatformRoles.Partner) ? user.FindFirstValue(PlatformRoles.PartnerIdClaim) : null);

    public bool CanSee(Registration r) => IsSecretariat || (PartnerCode is not null && r.PartnerCode == PartnerCode);
}
