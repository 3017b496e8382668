package io.quire.web.account;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Settings an administrator changes at run time, in the {@code settings} collection so every web
 * instance sees them. Until an administrator sets one, the configured default applies.
 */
@Component
public class SiteSettings {
  private static final String ID = "site";

  private final MongoCollection<Document> settings;
  private final AccountProperties defaults;

  SiteSettings(MongoDatabase database, AccountProperties defaults) {
    this.settings = database.getCollection("settings");
    this.defaults = defaults;
  }

  public boolean registrationOpen() {
    Document doc = settings.find(eq("_id", ID)).first();
    Boolean stored = doc == null ? null : doc.getBoolean("registrationOpen");
    return stored == null ? defaults.registrationOpen() : stored;
  }

  public void setRegistrationOpen(boolean open) {
    settings.updateOne(
        eq("_id", ID), Updates.set("registrationOpen", open), new UpdateOptions().upsert(true));
  }
}
