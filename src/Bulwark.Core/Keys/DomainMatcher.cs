namespace Bulwark.Core.Keys;

/// <summary>reCAPTCHA's rule: an allowed domain admits itself and all its subdomains.</summary>
public static class DomainMatcher
{
    public static bool IsAllowed(string hostname, IReadOnlyList<string>? allowedDomains)
    {
        if (string.IsNullOrEmpty(hostname) || allowedDomains is null)
        {
            return false;
        }

        foreach (var domain in allowedDomains)
        {
            if (hostname.Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (hostname.Length > domain.Length
                && hostname[hostname.Length - domain.Length - 1] == '.'
                && hostname.EndsWith(domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
