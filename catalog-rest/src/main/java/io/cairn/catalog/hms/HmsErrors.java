package io.cairn.catalog.hms;

import java.lang.reflect.Constructor;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.UnknownDBException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Cairn's and Iceberg's exceptions into the metastore exception a call declares, so that every client sees
 * the error in its own IDL (a missing table is {@code NoSuchObjectException}, a lost commit a {@code MetaException}
 * that Iceberg's HiveCatalog recognises as a concurrent modification), and never a dropped connection.
 */
final class HmsErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HmsErrors.class);

    private HmsErrors() {
    }

    /** The Thrift exception for {@code failure} among those {@code declared} by the call. */
    static TException translate(Throwable failure, List<Class<?>> declared) {
        if (failure instanceof TException thrift && (declared.contains(failure.getClass()) || failure instanceof TApplicationException)) {
            return thrift;
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Class<? extends TException> preferred = preferredType(failure);
        for (Class<? extends TException> candidate : fallbacks(preferred)) {
            if (declared.contains(candidate)) {
                return instantiate(candidate, message);
            }
        }
        if (failure instanceof TException thrift) {
            return thrift;
        }
        LOG.warn("Metastore call failed with an error its IDL cannot carry", failure);
        return new TApplicationException(TApplicationException.INTERNAL_ERROR, message);
    }

    private static Class<? extends TException> preferredType(Throwable failure) {
        if (failure instanceof NoSuchNamespaceException || failure instanceof NoSuchTableException
                || failure instanceof NoSuchViewException || failure instanceof NotFoundException
                || failure instanceof io.cairn.catalog.hive.NoSuchObjectException) {
            return NoSuchObjectException.class;
        }
        if (failure instanceof org.apache.iceberg.exceptions.AlreadyExistsException
                || failure instanceof io.cairn.catalog.hive.ObjectAlreadyExistsException) {
            return AlreadyExistsException.class;
        }
        if (failure instanceof NamespaceNotEmptyException || failure instanceof io.cairn.catalog.hive.ObjectNotEmptyException) {
            return InvalidOperationException.class;
        }
        if (failure instanceof IllegalArgumentException || failure instanceof ValidationException
                || failure instanceof io.cairn.catalog.hive.InvalidObjectException) {
            return InvalidObjectException.class;
        }
        if (failure instanceof TException thrift) {
            return thrift.getClass();
        }
        // Access denied, lost commits and everything else travel as MetaException, which every call declares.
        return MetaException.class;
    }

    private static List<Class<? extends TException>> fallbacks(Class<? extends TException> preferred) {
        if (preferred == NoSuchObjectException.class) {
            return List.of(NoSuchObjectException.class, UnknownDBException.class, InvalidOperationException.class, MetaException.class);
        }
        if (preferred == InvalidObjectException.class) {
            return List.of(InvalidObjectException.class, InvalidOperationException.class, MetaException.class);
        }
        return List.of(preferred, MetaException.class);
    }

    private static TException instantiate(Class<? extends TException> type, String message) {
        try {
            Constructor<? extends TException> constructor = type.getConstructor(String.class);
            return constructor.newInstance(message);
        } catch (ReflectiveOperationException e) {
            return new MetaException(message);
        }
    }

    /** What Iceberg's HiveTableOperations (and Hive 4's metastore) say when an expected parameter did not match. */
    static MetaException concurrentModification(String key, String actual, String expected) {
        return new MetaException("The table has been modified. The parameter value for key '" + key + "' is '" + actual
                + "'. The expected was value was '" + expected + "'");
    }
}
