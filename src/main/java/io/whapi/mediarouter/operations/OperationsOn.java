package io.whapi.mediarouter.operations;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** {@link OperationsSwitch#isOn} as a condition on beans. */
public class OperationsOn implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return OperationsSwitch.isOn(context.getEnvironment());
    }
}
