package io.quire.git;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The project size limit git-worker shares with web: the same setting ({@code
 * quire.projects.max-project-size}, {@code QUIRE_PROJECTS_MAX_PROJECT_SIZE}), so a push cannot make
 * a project larger than uploads may.
 *
 * @param maxProjectSize total bytes of a project's files and documents
 */
@Validated
@ConfigurationProperties("quire.projects")
public record ProjectSizeLimit(@NotNull @DefaultValue("200MB") DataSize maxProjectSize) {}
