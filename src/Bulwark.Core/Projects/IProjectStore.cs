namespace Bulwark.Core.Projects;

public interface IProjectStore
{
    Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken);

    /// <returns>false when a project with that id exists already.</returns>
    Task<bool> TryCreateAsync(Project project, CancellationToken cancellationToken);

    Task<bool> SetFullScoreLevelsAsync(string projectId, bool enabled, CancellationToken cancellationToken);
}
