namespace Bulwark.Server.Network;

/// <summary>Replaces the connection's remote address with the resolved client address, before anything reads it.</summary>
internal sealed class ClientAddressMiddleware(RequestDelegate next, ClientAddressResolver resolver)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (resolver.HasTrustedProxies)
        {
            var headers = context.Request.Headers;
            context.Connection.RemoteIpAddress = resolver.Resolve(context.Connection.RemoteIpAddress, headers["Forwarded"].ToString(), headers["X-Forwarded-For"].ToString());
        }

        return next(context);
    }
}
