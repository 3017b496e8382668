package io.quire.web.collab;

import io.quire.web.collab.CollabMessages.BusMessage;
import org.springframework.stereotype.Component;

/**
 * Passes a stored chat message to every socket following its project: this instance's at once, the
 * other instances' through the collaboration bus (Redis), like cursors. A message lost on the bus
 * stays in the history, which the chat panel reloads when its socket reconnects.
 */
@Component
public class ChatNotices {
  private final CompileNotices followers;
  private final CollabBus bus;

  ChatNotices(CompileNotices followers, CollabBus bus) {
    this.followers = followers;
    this.bus = bus;
  }

  public void announce(ChatNotice notice) {
    followers.deliver(notice.projectId(), notice);
    bus.publish(new BusMessage(bus.instanceId(), null, null, null, null, notice));
  }
}
