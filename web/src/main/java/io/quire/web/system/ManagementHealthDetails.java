package io.quire.web.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Health details for whoever reaches the management port (ADR 0019), as for an administrator on
 * web's own port: the endpoint is shared by both servers, so the choice is made per request.
 */
@Component
class ManagementHealthDetails implements HealthEndpointGroupsPostProcessor {

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
    groups.getNames().forEach(name -> named.put(name, new OrOnManagementPort(groups.get(name))));
    return HealthEndpointGroups.of(new OrOnManagementPort(groups.getPrimary()), named);
  }

  private static boolean onManagementPort() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
        && ManagementServer.serves(request.getRequest());
  }

  private record OrOnManagementPort(HealthEndpointGroup group) implements HealthEndpointGroup {
    @Override
    public boolean isMember(String name) {
      return group.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return onManagementPort() || group.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return onManagementPort() || group.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return group.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return group.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return group.getAdditionalPath();
    }
  }
}
